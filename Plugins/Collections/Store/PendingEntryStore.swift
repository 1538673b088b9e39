import GRDB

/// Credits and write-offs waiting for a second person's approval.
enum PendingEntryStore {
    /// Keeps an entry pending, entered by `maker`, and returns its id.
    static func insert(account: String, kind: String, amountCents: Int64, entryDay: Int, dueDay: Int, memo: String, maker: String, in db: Database) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO pending_entry (account_number, kind, amount_cents, entry_day, due_day, memo, maker) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [account, kind, amountCents, entryDay, dueDay, memo, maker])
        return db.lastInsertedRowID
    }

    /// A pending entry with its status, approver and the ledger entry it became (once approved).
    static func pending(_ id: Int64, in db: Database) throws -> Row? {
        try Row.fetchOne(db, sql: """
            SELECT account_number, kind, amount_cents, entry_day, due_day, memo, maker, status, approved_by, entry_id FROM pending_entry WHERE id = ?
            """, arguments: [id])
    }

    static func markApproved(_ id: Int64, by approver: String, entryID: Int64, in db: Database) throws {
        try db.execute(sql: "UPDATE pending_entry SET status = 'approved', approved_by = ?, entry_id = ? WHERE id = ?", arguments: [approver, entryID, id])
    }
}
