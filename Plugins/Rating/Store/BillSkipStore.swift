import GRDB
import SettleModuleSDK

/// Agreements a billing run skipped, with why (table `bill_skip`): a rerun tries them again.
enum BillSkipStore {
    /// The agreements skipped in a cycle's period so far.
    static func skipped(cycle: UInt32, period: String, in db: Database) throws -> Set<UInt64> {
        Set(try Int64.fetchAllCached(db, sql: "SELECT agreement_id FROM bill_skip WHERE cycle = ? AND period = ?", arguments: [cycle, period]).map { UInt64($0) })
    }

    /// Records a skip, or replaces the reason of the agreement's earlier one.
    static func record(cycle: UInt32, period: String, agreementID: UInt64, accountNumber: String, reason: String, in db: Database) throws {
        try db.executeCached(sql: """
            INSERT INTO bill_skip (cycle, period, agreement_id, account_number, reason) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (cycle, period, agreement_id) DO UPDATE SET reason = excluded.reason
            """, arguments: [cycle, period, Int64(agreementID), accountNumber, reason])
    }

    /// Forgets an agreement's skip once a later run billed it.
    static func clear(cycle: UInt32, period: String, agreementID: UInt64, in db: Database) throws {
        try db.executeCached(sql: "DELETE FROM bill_skip WHERE cycle = ? AND period = ? AND agreement_id = ?", arguments: [cycle, period, Int64(agreementID)])
    }
}
