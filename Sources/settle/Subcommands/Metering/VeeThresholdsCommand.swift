import ArgumentParser
import SettleContracts

/// `settle vee thresholds show|set --class C …`: the limits VEE applies per rate class.
struct VeeThresholdsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thresholds",
        abstract: "Show or set the VEE thresholds of a rate class (no --class: the default for classes without their own).",
        subcommands: [VeeThresholdsShow.self, VeeThresholdsSet.self])

    /// The thresholds as a table: one row per field, named as in the contract.
    static func printTable(_ thresholds: Settle_Metering_V1_VeeThresholds) {
        print("VEE thresholds for \(thresholds.rateClass.isEmpty ? "the default class" : "rate class '\(thresholds.rateClass)'")")
        Output.table(["FIELD", "VALUE", "MEANING"], [
            ["high_use_percent", "\(thresholds.highUsePercent)", "high use above this % of a reference (last year, the 3-period average)"],
            ["low_use_percent", "\(thresholds.lowUsePercent)", "low use below this % of a reference"],
            ["min_history_wh", "\(thresholds.minHistoryWh)", "a reference smaller than this (Wh) is not judged against"],
            ["min_period_days", "\(thresholds.minPeriodDays)", "period_too_short below this"],
            ["max_period_days", "\(thresholds.maxPeriodDays)", "period_too_long above this"],
            ["read_window_days", "\(thresholds.readWindowDays)", "a read this far from its scheduled date is outside the window"],
            ["max_load_factor_percent", "\(thresholds.maxLoadFactorPercent)", "energy / (peak demand × hours) above this"],
            ["interval_register_tolerance_permille", "\(thresholds.intervalRegisterTolerancePermille)", "interval total vs register (‰)"],
            ["spike_factor", "\(thresholds.spikeFactor)", "an interval above this × its day's median …"],
            ["spike_min_wh", "\(thresholds.spikeMinWh)", "… and above this (Wh) is a spike"],
            ["vacant_use_wh", "\(thresholds.vacantUseWh)", "use above this (Wh) on a vacant premise"],
            ["short_gap_minutes", "\(thresholds.shortGapMinutes)", "interval gaps up to this are interpolated, longer ones from the profile"],
            ["rollover_max_percent", "\(thresholds.rolloverMaxPercent)", "a register wrap is plausible up to this % of expected use"],
            ["zero_use_periods", "\(thresholds.zeroUsePeriods)", "zero use blocks from this many consecutive zero periods"],
        ])
    }
}
