import Foundation
import GRDB
import SettleDomain
import SettleModuleSDK

/// One row per cycle and period billed (table `bill_run`): how many agreements, how many runs.
enum BillRunStore {
    /// Counts a run of the cycle's period; `newAttempt` false updates the count of agreements
    /// without counting another run.
    static func record(cycle: UInt32, period: String, agreements: Int, newAttempt: Bool, in db: Database) throws {
        try db.executeCached(sql: """
            INSERT INTO bill_run (cycle, period, agreements, runs, last_run_at) VALUES (?, ?, ?, 1, ?)
            ON CONFLICT (cycle, period) DO UPDATE SET agreements = excluded.agreements, runs = runs + ?, last_run_at = excluded.last_run_at
            """, arguments: [cycle, period, agreements, UTCTimestamp.seconds(from: Date()), newAttempt ? 1 : 0])
    }
}
