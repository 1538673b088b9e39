import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The service-agreement table, read joined with its account and premise so one row is
/// everything a billing run needs about the agreement.
enum AgreementRecords {
    /// Columns in the order `agreement(from:)` reads them: a billing run lists a whole cycle,
    /// and decoding by position avoids a case-insensitive name search per column per row.
    private static let select = selecting(accountJoin: "JOIN")

    /// The agreement columns, joined to the account with `accountJoin`: "CROSS JOIN" makes
    /// SQLite walk agreements in id order (see ``list(_:after:limit:in:)``).
    private static func selecting(accountJoin: String) -> String {
        """
        SELECT sa.id, sa.account_number, a.customer_id, sa.premise_id, sa.service_type, sa.rate_schedule, sa.rate_class,
            sa.start_date, sa.end_date, sa.status, a.bill_cycle,
            NOT EXISTS (
                SELECT 1 FROM service_agreement x WHERE x.premise_id = sa.premise_id AND x.status = 'active'
            ) AS premise_vacant,
            p.weather_zone, a.status AS account_status, sa.final_billed_date, sa.previous_rate_schedule, sa.rate_schedule_from
        FROM service_agreement sa
        \(accountJoin) account a ON a.number = sa.account_number
        JOIN premise p ON p.id = sa.premise_id
        """
    }

    /// A cycle's listing walks agreements in id order and stops at the page's end. Left to
    /// itself SQLite starts from the cycle's accounts and sorts every remaining agreement of
    /// the cycle for each page, so listing a cycle of 100,000 took seconds (quadratic).
    private static let selectInIDOrder = selecting(accountJoin: "CROSS JOIN")

    /// The agreement, or NOT_FOUND naming it.
    static func load(_ id: Int64, in db: Database) throws -> AgreementMessage {
        guard let row = try Row.fetchOneCached(db, sql: "\(select) WHERE sa.id = ?", arguments: [id]) else {
            throw AccountsError.notFound("service agreement \(id) does not exist")
        }
        return try agreement(from: row)
    }

    static func insert(
        account: Int64, premise: String, service: ServiceType, rateSchedule: String, rateClass: RateClass, start: LocalDate, in db: Database
    ) throws -> Int64 {
        try db.executeCached(
            sql: """
                INSERT INTO service_agreement (account_number, premise_id, service_type, rate_schedule, rate_class, start_date, status)
                VALUES (?, ?, ?, ?, ?, ?, 'active')
                """,
            arguments: [account, premise, service.rawValue, rateSchedule, rateClass.rawValue, start.description])
        return db.lastInsertedRowID
    }

    /// The first agreement for the premise and service still in service on or after `date`:
    /// an active one (open-ended), or one that ends after `date` or starts later.
    ///
    /// An agreement that ends on `date` does not conflict: the same read is the old
    /// customer's final read and the new customer's start read.
    static func conflicting(premise: String, service: ServiceType, from date: LocalDate, in db: Database) throws -> AgreementMessage? {
        try Row.fetchOneCached(
            db,
            sql: "\(select) WHERE sa.premise_id = ? AND sa.service_type = ? AND (sa.end_date IS NULL OR sa.end_date > ?) ORDER BY sa.id LIMIT 1",
            arguments: [premise, service.rawValue, date.description]
        ).map(agreement(from:))
    }

    /// Ends an active agreement on `date` (its last day of service), awaiting a final bill.
    static func end(_ id: Int64, on date: LocalDate, in db: Database) throws {
        try db.executeCached(sql: "UPDATE service_agreement SET end_date = ?, status = 'pending_final' WHERE id = ?", arguments: [date.description, id])
    }

    /// Moves an agreement to `schedule` from `date`, keeping the one it replaces for the
    /// periods that open before `date`.
    static func changeRateSchedule(_ id: Int64, to schedule: String, from date: LocalDate, previous: String, in db: Database) throws {
        try db.executeCached(sql: "UPDATE service_agreement SET previous_rate_schedule = ?, rate_schedule = ?, rate_schedule_from = ? WHERE id = ?",
                             arguments: [previous, schedule, date.description, id])
    }

    static func markFinalBilled(_ id: Int64, on date: LocalDate, in db: Database) throws {
        try db.executeCached(sql: "UPDATE service_agreement SET status = 'final', final_billed_date = ? WHERE id = ?", arguments: [date.description, id])
    }

    /// What `ListServiceAgreements` filters on; nil or empty means any.
    struct Filter {
        var billCycle: Int?
        var premise: String?
        var account: Int64?
        var accounts: [Int64] = []
        var statuses: [AgreementStatus] = []
        var service: ServiceType?
        var rateClass: RateClass?
        /// In service on some day of this range: started on or before its end, and open or
        /// ended on or after its start.
        var inService: ClosedRange<LocalDate>?
    }

    /// A page of agreements by id.
    static func list(_ filter: Filter, after: Int64?, limit: Int, in db: Database) throws -> [AgreementMessage] {
        var sql = SQLFilter()
        if let after { sql.add("sa.id > ?", [after]) }
        if let cycle = filter.billCycle { sql.add("a.bill_cycle = ?", [cycle]) }
        if let premise = filter.premise { sql.add("sa.premise_id = ?", [premise]) }
        if let account = filter.account { sql.add("sa.account_number = ?", [account]) }
        if !filter.accounts.isEmpty {
            let marks = Array(repeating: "?", count: filter.accounts.count).joined(separator: ", ")
            sql.add("sa.account_number IN (\(marks))", filter.accounts)
        }
        if !filter.statuses.isEmpty {
            let marks = Array(repeating: "?", count: filter.statuses.count).joined(separator: ", ")
            sql.add("sa.status IN (\(marks))", filter.statuses.map(\.rawValue))
        }
        if let service = filter.service { sql.add("sa.service_type = ?", [service.rawValue]) }
        if let rateClass = filter.rateClass { sql.add("sa.rate_class = ?", [rateClass.rawValue]) }
        if let range = filter.inService {
            sql.add("sa.start_date <= ? AND (sa.end_date IS NULL OR sa.end_date >= ?)", [range.upperBound.description, range.lowerBound.description])
        }
        var arguments = sql.arguments
        arguments += [limit]
        let narrowed = filter.premise != nil || filter.account != nil || !filter.accounts.isEmpty
        let columns = filter.billCycle != nil && !narrowed ? selectInIDOrder : select
        return try db.fetchCached(sql: "\(columns) \(sql.whereClause) ORDER BY sa.id LIMIT ?", arguments: arguments, agreement(from:))
    }

    /// Every agreement of an account, by id.
    static func forAccount(_ number: Int64, in db: Database) throws -> [AgreementMessage] {
        try Row.fetchAllCached(db, sql: "\(select) WHERE sa.account_number = ? ORDER BY sa.id", arguments: [number]).map(agreement(from:))
    }

    /// Every agreement ever on a premise, newest start first.
    static func forPremise(_ id: String, in db: Database) throws -> [AgreementMessage] {
        try Row.fetchAllCached(db, sql: "\(select) WHERE sa.premise_id = ? ORDER BY sa.start_date DESC, sa.id DESC", arguments: [id])
            .map(agreement(from:))
    }

    private static func agreement(from row: Row) throws -> AgreementMessage {
        var agreement = AgreementMessage()
        agreement.id = UInt64(clamping: try row.decode(Int64.self, atIndex: 0))
        agreement.accountNumber = Identifiers.accountNumber(try row.decode(Int64.self, atIndex: 1))
        agreement.customerID = Identifiers.customerID(try row.decode(Int64.self, atIndex: 2))
        agreement.premiseID = try row.decode(String.self, atIndex: 3)
        agreement.serviceType = try row.decode(String.self, atIndex: 4)
        agreement.rateSchedule = try row.decode(String.self, atIndex: 5)
        agreement.rateClass = try row.decode(String.self, atIndex: 6)
        agreement.startDate = try row.decode(String.self, atIndex: 7)
        agreement.endDate = try row.decode(String?.self, atIndex: 8) ?? ""
        agreement.status = try row.decode(String.self, atIndex: 9)
        agreement.billCycle = UInt32(clamping: try row.decode(Int64.self, atIndex: 10))
        agreement.premiseVacant = try row.decode(Bool.self, atIndex: 11)
        agreement.weatherZone = try row.decode(String.self, atIndex: 12)
        agreement.accountStatus = try row.decode(String.self, atIndex: 13)
        agreement.finalBilledDate = try row.decode(String?.self, atIndex: 14) ?? ""
        agreement.previousRateSchedule = try row.decode(String?.self, atIndex: 15) ?? ""
        agreement.rateScheduleFrom = try row.decode(String?.self, atIndex: 16) ?? ""
        return agreement
    }
}
