import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// A customer's bankruptcy cases: Collections stays pre-petition debt while one is open and
/// Refunds splits balances at the petition date.
enum BankruptcyRecords {
    static func cases(customer: Int64, in db: Database) throws -> [BankruptcyCaseMessage] {
        try Row.fetchAllCached(
            db, sql: "SELECT * FROM bankruptcy_case WHERE customer_id = ? ORDER BY petition_date, id", arguments: [customer]
        ).map(bankruptcyCase(from:))
    }

    static func bankruptcyCase(_ id: Int64, customer: Int64, in db: Database) throws -> BankruptcyCaseMessage {
        guard let row = try Row.fetchOneCached(db, sql: "SELECT * FROM bankruptcy_case WHERE id = ? AND customer_id = ?", arguments: [id, customer]) else {
            throw AccountsError.notFound("customer \(Identifiers.customerID(customer)) has no bankruptcy case \(id)")
        }
        return try bankruptcyCase(from: row)
    }

    /// The customers with a case of this number, ascending (more than one only for a joint case).
    static func customers(caseNumber: String, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT DISTINCT customer_id FROM bankruptcy_case WHERE case_number = ? ORDER BY customer_id", arguments: [caseNumber])
    }

    /// Whether the customer already has a case with this number.
    static func exists(caseNumber: String, customer: Int64, in db: Database) throws -> Bool {
        try Bool.fetchOneCached(db, sql: "SELECT 1 FROM bankruptcy_case WHERE customer_id = ? AND case_number = ?", arguments: [customer, caseNumber]) != nil
    }

    static func insert(customer: Int64, caseNumber: String, chapter: Int, petition: LocalDate, court: String, in db: Database) throws -> Int64 {
        try db.executeCached(
            sql: "INSERT INTO bankruptcy_case (customer_id, case_number, chapter, petition_date, court, status) VALUES (?, ?, ?, ?, ?, 'open')",
            arguments: [customer, caseNumber, chapter, petition.description, court])
        return db.lastInsertedRowID
    }

    static func resolve(_ id: Int64, outcome: BankruptcyStatus, on date: LocalDate, in db: Database) throws {
        try db.executeCached(sql: "UPDATE bankruptcy_case SET status = ?, resolved_date = ? WHERE id = ?", arguments: [outcome.rawValue, date.description, id])
    }

    static func bankruptcyCase(from row: Row) throws -> BankruptcyCaseMessage {
        var record = BankruptcyCaseMessage()
        record.id = UInt64(clamping: try row.int64("id"))
        record.caseNumber = try row.text("case_number")
        record.chapter = UInt32(clamping: try row.int64("chapter"))
        record.petitionDate = try row.text("petition_date")
        record.court = try row.text("court")
        record.status = try row.text("status")
        record.resolvedDate = try row.textOrEmpty("resolved_date")
        return record
    }
}
