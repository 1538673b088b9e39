import SettleModuleSDK

/// The rating store's schema, forward-only (never edit a shipped migration; append one).
///
/// A tariff version is kept whole as its `TariffVersion` message (tariffs are data, and a
/// validated version never changes); the columns beside it are what queries select on.
enum RatingMigrations {
    static let all: [StoreMigration] = [tariffs, bills, batchPostings, finalBills, billFacts]

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

    /// Bills of billing runs. One original bill per agreement, cycle and period (a rebill
    /// names the bill it replaces), so a repeated or resumed run can never bill twice.
    static let bills = StoreMigration(id: "rating.0002-create-bills", sql: """
        CREATE TABLE bill (
            id TEXT PRIMARY KEY,
            run_id TEXT NOT NULL,
            cycle INTEGER NOT NULL,
            period TEXT NOT NULL,
            agreement_id INTEGER NOT NULL,
            account_number TEXT NOT NULL,
            rate_class TEXT NOT NULL,
            service_type TEXT NOT NULL,
            tariff_code TEXT NOT NULL,
            status TEXT NOT NULL,
            total_cents INTEGER NOT NULL,
            tax_cents INTEGER NOT NULL,
            delivered_wh INTEGER NOT NULL,
            billing_demand_w INTEGER NOT NULL,
            posted INTEGER NOT NULL DEFAULT 0,
            replaces TEXT NOT NULL DEFAULT '',
            body BLOB NOT NULL
        );
        CREATE UNIQUE INDEX bill_once ON bill(cycle, period, agreement_id) WHERE replaces = '';
        CREATE INDEX bill_by_agreement ON bill(agreement_id, period);
        CREATE INDEX bill_by_status ON bill(cycle, period, status, posted);
        CREATE TABLE bill_skip (
            cycle INTEGER NOT NULL,
            period TEXT NOT NULL,
            agreement_id INTEGER NOT NULL,
            account_number TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (cycle, period, agreement_id)
        );
        CREATE TABLE bill_run (
            cycle INTEGER NOT NULL,
            period TEXT NOT NULL,
            agreements INTEGER NOT NULL,
            runs INTEGER NOT NULL,
            last_run_at TEXT NOT NULL,
            PRIMARY KEY (cycle, period)
        );
        """)

    /// A billing run's batch is marked posted with one row naming its posting (the key of the
    /// `PostBillCharges` request) instead of rewriting every bill's row: a bill is posted when
    /// its `posted` column says so or when its `posting_key` names a confirmed posting.
    static let batchPostings = StoreMigration(id: "rating.0003-batch-postings", sql: """
        ALTER TABLE bill ADD COLUMN posting_key TEXT NOT NULL DEFAULT '';
        CREATE TABLE bill_posting (
            key TEXT PRIMARY KEY,
            bills INTEGER NOT NULL,
            posted INTEGER NOT NULL,
            already_posted INTEGER NOT NULL,
            posted_cents INTEGER NOT NULL
        ) WITHOUT ROWID;
        """)
}
