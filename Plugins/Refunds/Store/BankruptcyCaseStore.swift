import GRDB
import SettleModuleSDK

/// The adequate-assurance deposit asked of each bankruptcy case (table `bankruptcy_case`).
enum BankruptcyCaseStore {
    /// Records the case's assurance; once it is billed (an entry id is set) a retry changes nothing.
    static func recordAssurance(caseNumber: String, customerID: String, account: String, cents: Int64, due: String, in db: Database) throws {
        try db.executeCached(sql: """
            INSERT INTO bankruptcy_case (case_number, customer_id, assurance_account, assurance_cents, assurance_due) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (case_number) DO UPDATE SET assurance_account = excluded.assurance_account, assurance_cents = excluded.assurance_cents,
                assurance_due = excluded.assurance_due WHERE assurance_entry_id = 0
            """, arguments: [caseNumber, customerID, account, cents, due])
    }

    /// The Collections entry that billed the case's assurance; 0 when not billed yet.
    static func assuranceEntry(caseNumber: String, in db: Database) throws -> Int64 {
        try Int64.fetchOneCached(db, sql: "SELECT assurance_entry_id FROM bankruptcy_case WHERE case_number = ?", arguments: [caseNumber]) ?? 0
    }

    static func setAssuranceEntry(_ entryID: Int64, caseNumber: String, in db: Database) throws {
        try db.executeCached(sql: "UPDATE bankruptcy_case SET assurance_entry_id = ? WHERE case_number = ?", arguments: [entryID, caseNumber])
    }
}
