import GRDB

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
        try RateRequirementStore.stored(rateSchedule, in: db) ?? inferred(from: rateSchedule)
    }
}
