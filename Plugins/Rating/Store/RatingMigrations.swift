import SettleModuleSDK

/// The rating store's schema, forward-only (never edit a shipped migration; append one).
///
/// A tariff version is kept whole as its `TariffVersion` message (tariffs are data, and a
/// validated version never changes); the columns beside it are what queries select on.
enum RatingMigrations {
    static let all: [StoreMigration] = [tariffs]

    static let tariffs = StoreMigration(id: "rating.0001-create-tariffs", sql: """
        CREATE TABLE tariff (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            rate_class TEXT NOT NULL,
            service_type TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE tariff_version (
            code TEXT NOT NULL REFERENCES tariff(code),
            version INTEGER NOT NULL,
            effective_from TEXT NOT NULL,
            status TEXT NOT NULL,
            created_by TEXT NOT NULL,
            body BLOB NOT NULL,
            PRIMARY KEY (code, version)
        );
        """)
}
