import GRDB
import SettleDomain
import SettleModuleSDK
import SettleContracts

/// Reads and writes of `ledger_entry`, inside the caller's transaction.
///
/// Writes only insert; the table's triggers refuse updates and deletes.
enum LedgerStore {
    static let columns = """
        id, account_number, kind, amount_cents, entry_day, due_day, bill_id, agreement_id, service_type,
        rate_class, period, tax_cents, reference, reverses_id, memo, deposit_cents, service_start_day, service_end_day
        """

    static let insertSQL = """
        INSERT INTO ledger_entry (account_number, kind, amount_cents, entry_day, due_day, bill_id, agreement_id,
            service_type, rate_class, period, tax_cents, reference, reverses_id, memo, deposit_cents,
            service_start_day, service_end_day)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Registers an account first seen on a day, leaving a known one as it is.
    static let noteAccountSQL = "INSERT INTO ledger_account (account_number, first_day) VALUES (?, ?) ON CONFLICT DO NOTHING"

    /// The prepared `insertSQL`, for `write(_:with:)`.
    static func insertStatement(in db: Database) throws -> BulkStatement {
        try BulkStatement(cached: insertSQL, in: db)
    }

    /// Inserts `entry` and returns its id; registers the account in `ledger_account`.
    @discardableResult
    static func insert(_ entry: NewEntry, in db: Database) throws -> Int64 {
        try write(entry, with: insertStatement(in: db))
        let id = db.lastInsertedRowID
        try noteAccount(entry.accountNumber, rateClass: entry.rateClass, day: entry.entryDay, in: db)
        return id
    }

    /// Inserts a bill's charge unless the bill's charge is already on the ledger (one query,
    /// not a look-up then an insert: a billing run posts thousands a call). Returns whether
    /// it was inserted. Only `ledger_charge_by_bill` can conflict for a charge (the other
    /// unique indexes cover other kinds or a reversal's `reverses_id`).
    static func insertCharge(_ entry: NewEntry, in db: Database) throws -> Bool {
        guard try write(entry, with: BulkStatement(cached: insertSQL + " ON CONFLICT DO NOTHING", in: db)) == 1 else { return false }
        if let due = entry.installmentDue {
            try db.cachedStatement(sql: "INSERT INTO budget_charge (entry_id, account_number, installment_due_cents) VALUES (?, ?, ?)")
                .execute(arguments: [db.lastInsertedRowID, entry.accountNumber, due])
        }
        try noteAccount(entry.accountNumber, rateClass: entry.rateClass, day: entry.entryDay, in: db)
        return true
    }

    /// Runs a statement of `insertSQL`'s shape for `entry` (a bulk path prepares it once and
    /// writes every row through here); returns the rows it inserted.
    @discardableResult
    static func write(_ entry: NewEntry, with statement: BulkStatement) throws -> Int {
        try statement.bind(1, entry.accountNumber)
        try statement.bind(2, entry.kind.rawValue)
        statement.bind(3, entry.amount)
        statement.bind(4, entry.entryDay)
        statement.bind(5, entry.dueDay)
        try statement.bind(6, entry.billID)
        statement.bind(7, entry.agreementID)
        try statement.bind(8, entry.serviceType)
        try statement.bind(9, entry.rateClass)
        try statement.bind(10, entry.period)
        statement.bind(11, entry.taxCents)
        try statement.bind(12, entry.reference)
        if let reverses = entry.reversesID { statement.bind(13, reverses) } else { statement.bindNull(13) }
        try statement.bind(14, entry.memo)
        statement.bind(15, entry.depositCents)
        if let start = entry.serviceStartDay { statement.bind(16, Int64(start)) } else { statement.bindNull(16) }
        if let end = entry.serviceEndDay { statement.bind(17, Int64(end)) } else { statement.bindNull(17) }
        return try statement.step()
    }

    /// Records that the ledger knows an account (and the rate class of its latest charge).
    static func noteAccount(_ number: String, rateClass: String, day: Int, in db: Database) throws {
        if rateClass.isEmpty {
            try db.cachedStatement(sql: noteAccountSQL)
                .execute(arguments: [number, day])
        } else {
            // The account row is rewritten only when its rate class changes.
            let statement = try BulkStatement(cached: """
                INSERT INTO ledger_account (account_number, rate_class, first_day) VALUES (?, ?, ?)
                ON CONFLICT (account_number) DO UPDATE SET rate_class = excluded.rate_class WHERE rate_class IS NOT excluded.rate_class
                """, in: db)
            try statement.bind(1, number)
            try statement.bind(2, rateClass)
            statement.bind(3, Int64(day))
            try statement.step()
        }
    }

    static func accountKnown(_ number: String, in db: Database) throws -> Bool {
        try Bool.fetchOneCached(db, sql: "SELECT EXISTS (SELECT 1 FROM ledger_account WHERE account_number = ?)", arguments: [number]) ?? false
    }

    /// One entry as the contract shows it.
    static func entry(id: Int64, in db: Database) throws -> Settle_Collections_V1_LedgerEntry? {
        try Row.fetchOneCached(db, sql: "SELECT \(columns) FROM ledger_entry WHERE id = ?", arguments: [id]).map(proto)
    }

    /// Every entry of an account up to `day` (nil: all), in posting order.
    static func entries(account: String, through day: Int?, in db: Database) throws -> [Settle_Collections_V1_LedgerEntry] {
        try Row.fetchAllCached(
            db, sql: "SELECT \(columns) FROM ledger_entry WHERE account_number = ? AND entry_day <= ? ORDER BY id",
            arguments: [account, day ?? Int.max]
        ).map(proto)
    }

    /// The lines of an account up to `day` (nil: all) for open-item accounting, with the
    /// charges' service periods.
    static func lines(account: String, through day: Int?, in db: Database) throws -> [LedgerLine] {
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT e.id, e.kind, e.amount_cents, e.entry_day, e.due_day, e.bill_id, e.rate_class, e.reverses_id,
                       e.service_start_day, e.service_end_day, b.installment_due_cents
                FROM ledger_entry e LEFT JOIN budget_charge b ON b.entry_id = e.id
                WHERE e.account_number = ? AND e.entry_day <= ? ORDER BY e.id
                """),
            arguments: [account, day ?? Int.max])
        var lines: [LedgerLine] = []
        while let row = try rows.next() {
            lines.append(LedgerLine(
                id: row[0], kind: row[1], amount: row[2], entryDay: row[3], dueDay: row[4],
                billID: row[5], rateClass: row[6], reversesID: row[7], serviceStartDay: row[8], serviceEndDay: row[9], installmentDue: row[10]))
        }
        return lines
    }

    /// The account's position on `day` (nil: with every entry ever posted), split by the
    /// petition date and with stayed payments held to post-petition debt when `stay` is given.
    static func position(account: String, on day: Int?, stay: BankruptcyStay? = nil, in db: Database) throws -> AccountPosition {
        OpenItemAllocator.position(of: try lines(account: account, through: day, in: db), stay: stay)
    }

    static func proto(_ row: Row) -> Settle_Collections_V1_LedgerEntry {
        var entry = Settle_Collections_V1_LedgerEntry()
        entry.id = UInt64(clamping: row[0] as Int64)
        entry.accountNumber = row[1]
        entry.kind = row[2]
        entry.amountCents = row[3]
        entry.entryDate = LocalDate(dayNumber: row[4]).description
        entry.dueDate = LocalDate(dayNumber: row[5]).description
        entry.billID = row[6]
        entry.agreementID = UInt64(clamping: row[7] as Int64)
        entry.serviceType = row[8]
        entry.rateClass = row[9]
        entry.reference = row[12]
        entry.reversesID = UInt64(clamping: (row[13] as Int64?) ?? 0)
        entry.memo = row[14]
        entry.depositCents = row[15]
        return entry
    }
}
