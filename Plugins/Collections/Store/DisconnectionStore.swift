import GRDB
import SettleModuleSDK

/// Disconnections carried out, as recorded (a deposit refund looks back at them).
enum DisconnectionStore {
    /// Records one and returns its id.
    static func insert(account: String, day: Int, decisionID: Int64?, in db: Database) throws -> Int64 {
        try db.executeCached(
            sql: "INSERT INTO disconnection (account_number, day, decision_id) VALUES (?, ?, ?)",
            arguments: [account, day, decisionID])
        return db.lastInsertedRowID
    }

    /// Disconnections of an account dated after `after` through `through`.
    static func count(account: String, after: Int, through: Int, in db: Database) throws -> Int {
        try Int.fetchOneCached(
            db, sql: "SELECT COUNT(*) FROM disconnection WHERE account_number = ? AND day > ? AND day <= ?", arguments: [account, after, through]) ?? 0
    }
}
