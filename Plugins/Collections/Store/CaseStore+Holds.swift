import GRDB
import SettleModuleSDK

/// Writes and listings of collection holds; `CaseStore.hold(_:in:)` reads one.
extension CaseStore {
    /// Places a hold and returns its id.
    static func insertHold(account: String, amountCents: Int64, reason: String, startDay: Int, expiryDay: Int, in db: Database) throws -> Int64 {
        try db.executeCached(sql: "INSERT INTO hold (account_number, amount_cents, reason, start_day, expiry_day) VALUES (?, ?, ?, ?, ?)",
                       arguments: [account, amountCents, reason, startDay, expiryDay])
        return db.lastInsertedRowID
    }

    static func releaseHold(_ id: Int64, on day: Int, in db: Database) throws {
        try db.executeCached(sql: "UPDATE hold SET released_day = ? WHERE id = ?", arguments: [day, id])
    }

    /// An account's newest 1,000 holds, newest first (a listing).
    static func recentHoldIDs(account: String, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT id FROM hold WHERE account_number = ? ORDER BY id DESC LIMIT 1000", arguments: [account])
    }

    /// Every hold of an account, earliest start first (a research summary).
    static func holdIDs(account: String, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT id FROM hold WHERE account_number = ? ORDER BY start_day, id", arguments: [account])
    }
}
