import GRDB
import SettleModuleSDK

/// The VEE limits set per rate class (table `vee_threshold`; "" is the default row).
enum VEEThresholdStore {
    /// Every class's thresholds: the stored rows by class, with "" the default.
    static func loadAll(in db: Database) throws -> [String: VEEThresholds] {
        var result: [String: VEEThresholds] = [:]
        for row in try Row.fetchAllCached(db, sql: "SELECT * FROM vee_threshold") {
            let thresholds = VEEThresholds(row: row)
            result[thresholds.rateClass] = thresholds
        }
        return result
    }

    /// Inserts or replaces the class's row. The older `short_gap_intervals` column is still
    /// written (as 15-minute intervals) for readers that know only it.
    static func save(_ thresholds: VEEThresholds, in db: Database) throws {
        try db.executeCached(
            sql: """
                INSERT OR REPLACE INTO vee_threshold (rate_class, high_use_percent, low_use_percent, min_history_wh,
                    min_period_days, max_period_days, read_window_days, max_load_factor_percent,
                    interval_register_tolerance_permille, spike_factor, spike_min_wh, vacant_use_wh,
                    short_gap_intervals, rollover_max_percent, short_gap_minutes, zero_use_periods)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                thresholds.rateClass, thresholds.highUsePercent, thresholds.lowUsePercent, thresholds.minHistoryWh,
                thresholds.minPeriodDays, thresholds.maxPeriodDays, thresholds.readWindowDays,
                thresholds.maxLoadFactorPercent, thresholds.intervalRegisterTolerancePermille, thresholds.spikeFactor,
                thresholds.spikeMinWh, thresholds.vacantUseWh, thresholds.shortGapMinutes / 15, thresholds.rolloverMaxPercent,
                thresholds.shortGapMinutes, thresholds.zeroUsePeriods,
            ])
    }
}

extension VEEThresholds {
    /// Decodes a `vee_threshold` row by column name.
    init(row: Row) {
        self.init()
        rateClass = row["rate_class"]
        highUsePercent = row["high_use_percent"]
        lowUsePercent = row["low_use_percent"]
        minHistoryWh = row["min_history_wh"]
        minPeriodDays = row["min_period_days"]
        maxPeriodDays = row["max_period_days"]
        readWindowDays = row["read_window_days"]
        maxLoadFactorPercent = row["max_load_factor_percent"]
        intervalRegisterTolerancePermille = row["interval_register_tolerance_permille"]
        spikeFactor = row["spike_factor"]
        spikeMinWh = row["spike_min_wh"]
        vacantUseWh = row["vacant_use_wh"]
        shortGapMinutes = row["short_gap_minutes"]
        rolloverMaxPercent = row["rollover_max_percent"]
        zeroUsePeriods = row["zero_use_periods"]
    }
}
