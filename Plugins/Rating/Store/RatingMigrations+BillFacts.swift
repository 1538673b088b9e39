import SettleModuleSDK

extension RatingMigrations {
    /// What a whole month's readers need of each bill, kept in its row when it is written:
    /// the totals of its lines by component (`components`, see ``ComponentTotals``), the use
    /// and the highest demand it was rated on. The register then sums columns instead of
    /// decoding 160,000 bills' lines, and the anomaly scan reads the use without the body.
    /// Bills written before this migration keep NULL there; readers fall back to their body.
    static let billFacts = StoreMigration(id: "rating.0005-bill-facts", sql: """
        ALTER TABLE bill ADD COLUMN components BLOB;
        ALTER TABLE bill ADD COLUMN use_thousandths INTEGER;
        ALTER TABLE bill ADD COLUMN max_demand_w INTEGER;
        """)
}
