import GRDB

/// The Refunds module's settlements posted, once per reference: a retry answers the first entries.
enum RefundPostingStore {
    /// The first posting under `reference`: its `main_entry_id` and its `entry_ids` (comma-separated).
    static func posting(reference: String, in db: Database) throws -> Row? {
        try Row.fetchOne(db, sql: "SELECT main_entry_id, entry_ids FROM refund_posting WHERE reference = ?", arguments: [reference])
    }

    static func insert(reference: String, account: String, mainEntryID: Int64, entryIDs: [Int64], in db: Database) throws {
        try db.execute(sql: "INSERT INTO refund_posting (reference, account_number, main_entry_id, entry_ids) VALUES (?, ?, ?, ?)",
                       arguments: [reference, account, mainEntryID, entryIDs.map(String.init).joined(separator: ",")])
    }
}
