import Foundation
import GRDB
import SettleDomain
import SettleModuleSDK

/// One row per VEE run of a cycle and period (table `vee_run`), with its counts.
enum VEERunStore {
    /// Starts a run's row with zero counts; returns its id, which the run's exceptions carry.
    static func insert(cycle: Int, period: YearMonth, readDate: LocalDate, actor: String, in db: Database) throws -> Int64 {
        try db.executeCached(
            sql: "INSERT INTO vee_run (cycle, period, read_day, agreements, exceptions, held, actor, at) VALUES (?, ?, ?, 0, 0, 0, ?, ?)",
            arguments: [cycle, period.description, readDate.dayNumber, actor, UTCTimestamp.string(from: Date())])
        return db.lastInsertedRowID
    }

    /// Writes the counts of a finished run.
    static func finish(runID: Int64, agreements: UInt32, exceptions: UInt32, held: UInt32, in db: Database) throws {
        try db.executeCached(
            sql: "UPDATE vee_run SET agreements = ?, exceptions = ?, held = ? WHERE id = ?",
            arguments: [agreements, exceptions, held, runID])
    }
}
