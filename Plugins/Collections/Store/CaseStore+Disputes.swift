import GRDB
import SettleModuleSDK

/// Writes and listings of disputes; `CaseStore.dispute(_:in:)` reads one.
extension CaseStore {
    /// Opens a dispute and returns its id.
    static func insertDispute(account: String, amountCents: Int64, openedDay: Int, description: String, in db: Database) throws -> Int64 {
        try db.executeCached(sql: "INSERT INTO dispute (account_number, amount_cents, opened_day, description) VALUES (?, ?, ?, ?)",
                       arguments: [account, amountCents, openedDay, description])
        return db.lastInsertedRowID
    }

    static func closeDispute(_ id: Int64, on day: Int, resolution: String, in db: Database) throws {
        try db.executeCached(sql: "UPDATE dispute SET closed_day = ?, resolution = ? WHERE id = ?", arguments: [day, resolution, id])
    }

    /// An account's newest 1,000 disputes, newest first (a listing).
    static func recentDisputeIDs(account: String, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT id FROM dispute WHERE account_number = ? ORDER BY id DESC LIMIT 1000", arguments: [account])
    }

    /// Every dispute of an account, oldest opened first (a research summary).
    static func disputeIDs(account: String, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT id FROM dispute WHERE account_number = ? ORDER BY opened_day, id", arguments: [account])
    }
}
