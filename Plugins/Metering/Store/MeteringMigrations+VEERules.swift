import SettleModuleSDK

extension MeteringMigrations {
    /// The VEE rules made right (issue 12):
    /// - demand register reads are kept in thousandths of a kW (`0.420` is 420), so existing
    ///   whole-kW reads are scaled by 1,000;
    /// - a day repeating the day before is `interval_repeated_day` (`interval_duplicate` is two
    ///   values for one interval, refused at import);
    /// - high/low use name their `basis`; thresholds gain `zero_use_periods` and
    ///   `short_gap_minutes` (the old interval count × 15 minutes, where a row set one).
    static let veeRules = StoreMigration(id: "metering.0004-vee-rules", sql: """
        UPDATE register_read SET value = value * 1000, original_value = original_value * 1000 WHERE channel = 3;
        UPDATE vee_exception SET type = 'interval_repeated_day' WHERE type = 'interval_duplicate';
        ALTER TABLE vee_exception ADD COLUMN basis TEXT NOT NULL DEFAULT '';
        ALTER TABLE vee_threshold ADD COLUMN zero_use_periods INTEGER NOT NULL DEFAULT 3;
        ALTER TABLE vee_threshold ADD COLUMN short_gap_minutes INTEGER NOT NULL DEFAULT 120;
        UPDATE vee_threshold SET short_gap_minutes = short_gap_intervals * 15 WHERE short_gap_intervals <> 4;
        """)
}
