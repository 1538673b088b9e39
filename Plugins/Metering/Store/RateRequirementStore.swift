import GRDB
import SettleModuleSDK

/// What rate schedules need of their meters, as set with `SetRateRequirements`
/// (table `rate_requirement`).
enum RateRequirementStore {
    /// The stored requirement of a schedule; nil when none was set.
    static func stored(_ rateSchedule: String, in db: Database) throws -> RateRequirement? {
        guard let row = try Row.fetchOneCached(db, sql: "SELECT * FROM rate_requirement WHERE rate_schedule = ?", arguments: [rateSchedule]) else {
            return nil
        }
        return RateRequirement(rateSchedule: rateSchedule, needsTOU: row["needs_tou"], needsReceived: row["needs_received"], needsDemand: row["needs_demand"])
    }

    static func save(_ requirement: RateRequirement, in db: Database) throws {
        try db.executeCached(
            sql: """
                INSERT INTO rate_requirement (rate_schedule, needs_tou, needs_received, needs_demand) VALUES (?, ?, ?, ?)
                ON CONFLICT(rate_schedule) DO UPDATE SET needs_tou = excluded.needs_tou,
                    needs_received = excluded.needs_received, needs_demand = excluded.needs_demand
                """,
            arguments: [requirement.rateSchedule, requirement.needsTOU, requirement.needsReceived, requirement.needsDemand])
    }
}
