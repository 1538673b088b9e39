import GRDB
import SettleModuleSDK

/// What a rate schedule needs of the meter serving it.
///
/// Metering does not know tariffs (Rating does), so the requirements are data: set per
/// schedule with `SetRateRequirements`. A schedule without a row falls back to its code:
/// "TOU" in it needs TOU capability, "NEM", "NET" or "SOLAR" a received channel, "DEM" demand.
struct RateRequirement: Sendable, Equatable {
    var rateSchedule: String
    var needsTOU: Bool
    var needsReceived: Bool
    var needsDemand: Bool

    static func inferred(from rateSchedule: String) -> RateRequirement {
        let code = rateSchedule.uppercased()
        return RateRequirement(
            rateSchedule: rateSchedule,
            needsTOU: code.contains("TOU"),
            needsReceived: code.contains("NEM") || code.contains("NET") || code.contains("SOLAR"),
            needsDemand: code.contains("DEM"))
    }

    /// The stored requirement of a schedule, else the one inferred from its code.
    static func lookup(_ rateSchedule: String, in db: Database) throws -> RateRequirement {
        guard let row = try Row.fetchOneCached(db, sql: "SELECT * FROM rate_requirement WHERE rate_schedule = ?", arguments: [rateSchedule]) else {
            return inferred(from: rateSchedule)
        }
        return RateRequirement(rateSchedule: rateSchedule, needsTOU: row["needs_tou"], needsReceived: row["needs_received"], needsDemand: row["needs_demand"])
    }

    func save(in db: Database) throws {
        try db.executeCached(
            sql: """
                INSERT INTO rate_requirement (rate_schedule, needs_tou, needs_received, needs_demand) VALUES (?, ?, ?, ?)
                ON CONFLICT(rate_schedule) DO UPDATE SET needs_tou = excluded.needs_tou,
                    needs_received = excluded.needs_received, needs_demand = excluded.needs_demand
                """,
            arguments: [rateSchedule, needsTOU, needsReceived, needsDemand])
    }
}
