import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The account table, read with the customer's name and the count of active agreements.
enum AccountRecords {
    private static let select = """
        SELECT a.*, c.name AS customer_name,
            (SELECT COUNT(*) FROM service_agreement sa WHERE sa.account_number = a.number AND sa.status = 'active') AS active_agreements
        FROM account a JOIN customer c ON c.id = a.customer_id
        """

    /// The account, or NOT_FOUND naming it.
    static func load(_ number: Int64, in db: Database) throws -> AccountMessage {
        guard let row = try Row.fetchOneCached(db, sql: "\(select) WHERE a.number = ?", arguments: [number]) else {
            throw AccountsError.notFound("account \(number) does not exist")
        }
        return try account(from: row)
    }

    /// The account's customer row id.
    static func customerRowID(of number: Int64, in db: Database) throws -> Int64 {
        guard let id = try Int64.fetchOneCached(db, sql: "SELECT customer_id FROM account WHERE number = ?", arguments: [number]) else {
            throw AccountsError.notFound("account \(number) does not exist")
        }
        return id
    }

    /// Opens an account under the next number (100001 for the first) and returns the number.
    static func insert(customer: Int64, billCycle: Int, address: AddressMessage, depositCents: Int64, opened: LocalDate, in db: Database) throws -> Int64 {
        let last = try Int64.fetchOneCached(db, sql: "SELECT MAX(number) FROM account")
        let number = max((last ?? 0) + 1, Identifiers.firstAccountNumber)
        try db.executeCached(
            sql: """
                INSERT INTO account (number, customer_id, status, bill_cycle, mail_line1, mail_line2, mail_city, mail_state,
                    mail_postal_code, deposit_cents, opened_date)
                VALUES (?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [number, customer, billCycle, address.line1, address.line2, address.city, address.state, address.postalCode, depositCents, opened.description])
        return number
    }

    static func update(_ number: Int64, billCycle: UInt32, address: AddressMessage, depositCents: Int64, in db: Database) throws {
        try db.executeCached(
            sql: """
                UPDATE account SET bill_cycle = ?, mail_line1 = ?, mail_line2 = ?, mail_city = ?, mail_state = ?,
                    mail_postal_code = ?, deposit_cents = ?
                WHERE number = ?
                """,
            arguments: [billCycle, address.line1, address.line2, address.city, address.state, address.postalCode, depositCents, number])
    }

    static func setFinal(_ number: Int64, on date: LocalDate, in db: Database) throws {
        try db.executeCached(sql: "UPDATE account SET status = 'final', final_date = ? WHERE number = ?", arguments: [date.description, number])
    }

    static func setClosed(_ number: Int64, on date: LocalDate, in db: Database) throws {
        try db.executeCached(sql: "UPDATE account SET status = 'closed', closed_date = ? WHERE number = ?", arguments: [date.description, number])
    }

    /// What `ListAccounts` filters on; nil means any.
    struct Filter {
        var billCycle: Int?
        var status: AccountStatus?
        var customer: Int64?
        var premise: String?
        var rateClass: RateClass?
        var numbers: [Int64] = []
    }

    /// A page of accounts by number.
    static func list(_ filter: Filter, after: Int64?, limit: Int, in db: Database) throws -> [AccountMessage] {
        var sql = SQLFilter()
        if let after { sql.add("a.number > ?", [after]) }
        if let cycle = filter.billCycle { sql.add("a.bill_cycle = ?", [cycle]) }
        if let status = filter.status { sql.add("a.status = ?", [status.rawValue]) }
        if let customer = filter.customer { sql.add("a.customer_id = ?", [customer]) }
        if !filter.numbers.isEmpty {
            let marks = Array(repeating: "?", count: filter.numbers.count).joined(separator: ", ")
            sql.add("a.number IN (\(marks))", filter.numbers)
        }
        if let premise = filter.premise {
            sql.add("EXISTS (SELECT 1 FROM service_agreement sa WHERE sa.account_number = a.number AND sa.premise_id = ?)", [premise])
        }
        if let rateClass = filter.rateClass {
            sql.add(
                "EXISTS (SELECT 1 FROM service_agreement sa WHERE sa.account_number = a.number AND sa.rate_class = ? AND sa.status IN ('active', 'pending_final'))",
                [rateClass.rawValue])
        }
        var arguments = sql.arguments
        arguments += [limit]
        return try Row.fetchAllCached(db, sql: "\(select) \(sql.whereClause) ORDER BY a.number LIMIT ?", arguments: arguments)
            .map(account(from:))
    }

    private static func account(from row: Row) throws -> AccountMessage {
        var account = AccountMessage()
        account.number = Identifiers.accountNumber(try row.int64("number"))
        account.customerID = Identifiers.customerID(try row.int64("customer_id"))
        account.status = try row.text("status")
        account.billCycle = UInt32(clamping: try row.int64("bill_cycle"))
        account.mailingAddress = try row.address(prefix: "mail_")
        account.depositCents = try row.int64("deposit_cents")
        account.openedDate = try row.text("opened_date")
        account.finalDate = try row.textOrEmpty("final_date")
        account.closedDate = try row.textOrEmpty("closed_date")
        account.customerName = try row.text("customer_name")
        account.activeAgreements = UInt32(clamping: try row.int64("active_agreements"))
        return account
    }
}
