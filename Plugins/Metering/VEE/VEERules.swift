import SettleDomain

/// The validation rules, each a pure test of measured values against a threshold.
///
/// Every rule fires strictly beyond its threshold: exactly at the limit passes. Comparisons
/// are done on integers cross-multiplied in 128 bits, never in floating point.
enum VEERules {
    /// Use compared per day with a history's use per day: high above `highUsePercent` % of it,
    /// low below `lowUsePercent` %. No verdict when the history is too small to judge.
    static func usageVersusHistory(current: Int64, days: Int, history: Int64, historyDays: Int, thresholds: VEEThresholds) -> ExceptionType? {
        guard days > 0, historyDays > 0, history >= thresholds.minHistoryWh, history > 0 else { return nil }
        // current/days > history/historyDays × high/100  ⇔  current × historyDays × 100 > history × days × high
        let currentScaled = Int128(current) * Int128(historyDays) * 100
        if currentScaled > Int128(history) * Int128(days) * Int128(thresholds.highUsePercent) { return .highUse }
        if currentScaled < Int128(history) * Int128(days) * Int128(thresholds.lowUsePercent) { return .lowUse }
        return nil
    }

    /// Billing period length in days outside [min, max].
    static func periodLength(days: Int, thresholds: VEEThresholds) -> ExceptionType? {
        if days < thresholds.minPeriodDays { return .periodTooShort }
        if days > thresholds.maxPeriodDays { return .periodTooLong }
        return nil
    }

    /// Load factor energy / (peak demand × hours) above the limit: energy the peak could not
    /// have delivered. Zero demand with energy always fires.
    static func loadFactorExceeded(energyWh: Int64, demandW: Int64, seconds: Int64, thresholds: VEEThresholds) -> Bool {
        guard energyWh > 0, seconds > 0 else { return false }
        guard demandW > 0 else { return true }
        // energy / (demand × seconds / 3600) × 100 > max  ⇔  energy × 3600 × 100 > max × demand × seconds
        return Int128(energyWh) * 360_000 > Int128(thresholds.maxLoadFactorPercent) * Int128(demandW) * Int128(seconds)
    }

    /// Load factor in whole percent, for messages.
    static func loadFactorPercent(energyWh: Int64, demandW: Int64, seconds: Int64) -> Int64 {
        guard demandW > 0, seconds > 0 else { return 0 }
        return Int64(clamping: Int128(energyWh) * 360_000 / (Int128(demandW) * Int128(seconds)))
    }

    /// Interval total differs from the register's consumption by more than the tolerance (‰).
    static func intervalRegisterMismatch(intervalTotal: Int64, registerTotal: Int64, thresholds: VEEThresholds) -> Bool {
        let difference = (intervalTotal - registerTotal).magnitude
        return Int128(difference) * 1_000 > Int128(thresholds.intervalRegisterTolerancePermille) * Int128(registerTotal.magnitude)
    }

    /// The slots of a day whose value is above `spikeFactor` × the day's median and above
    /// `spikeMinWh`.
    static func spikes(in day: IntervalDay, thresholds: VEEThresholds) -> [Int] {
        var present: [Int64] = []
        for slot in 0..<day.slots where day.present[slot] { present.append(day.values[slot]) }
        guard present.count >= 4 else { return [] }
        present.sort()
        let median = present[present.count / 2]
        return (0..<day.slots).filter { slot in
            day.present[slot] && day.values[slot] > thresholds.spikeMinWh
                && Int128(day.values[slot]) > Int128(median) * Int128(thresholds.spikeFactor)
        }
    }

    /// A complete day with use that repeats the previous day's values exactly.
    static func duplicatesPreviousDay(_ day: IntervalDay, previous: IntervalDay?) -> Bool {
        guard let previous, day.slots == previous.slots, day.missingCount == 0, previous.missingCount == 0, day.total > 0 else { return false }
        return day.values == previous.values
    }

    /// Whether a fall in the register is a plausible rollover: the wrapped movement is under
    /// half the register, and no more than `rolloverMaxPercent` % of the use expected from
    /// history (when there is history).
    static func plausibleRollover(wrappedConsumption: Int64, wrappedUnits: Int64, dials: Int, expected: Int64?, thresholds: VEEThresholds) -> Bool {
        guard wrappedUnits < RegisterMath.modulus(dials: dials) / 2 else { return false }
        guard let expected, expected > 0 else { return true }
        return Int128(wrappedConsumption) * 100 <= Int128(expected) * Int128(thresholds.rolloverMaxPercent)
    }

    /// A read more than `readWindowDays` from its scheduled date.
    static func outsideWindow(readDate: LocalDate, scheduled: LocalDate, thresholds: VEEThresholds) -> Bool {
        abs(readDate - scheduled) > thresholds.readWindowDays
    }

    /// Use at a vacant premise above the threshold.
    static func vacantUse(consumption: Int64, thresholds: VEEThresholds) -> Bool {
        consumption > thresholds.vacantUseWh
    }
}
