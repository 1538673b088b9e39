import SettleModuleSDK

/// The Accounts store's schema, one forward-only step at a time (never edit a shipped one).
///
/// Dates are `YYYY-MM-DD` text (NULL for "none"), so SQL comparisons are date comparisons.
/// The partial unique index on service agreements is the database's own guard for the rule
/// the service checks first: one active agreement per premise and service type.
enum AccountsMigrations {
    static let all: [StoreMigration] = [
        StoreMigration(id: "accounts.0001-create-customers", sql: customers),
        StoreMigration(id: "accounts.0002-create-premises", sql: premises),
        StoreMigration(id: "accounts.0003-create-accounts", sql: accounts),
        StoreMigration(id: "accounts.0004-create-service-agreements", sql: agreements),
        StoreMigration(id: "accounts.0005-create-conversion-records", sql: conversionRecords),
        StoreMigration(id: "accounts.0006-rate-schedule-changes", sql: rateScheduleChanges),
        StoreMigration(id: "accounts.0007-bankruptcy-case-by-number", sql: bankruptcyCaseByNumber),
        StoreMigration(id: "accounts.0008-tax-exemption-by-expiry", sql: taxExemptionByExpiry),
    ]

    /// Certificates about to expire are found across customers (the anomaly scan's warning)
    /// without reading every customer.
    private static let taxExemptionByExpiry = """
        CREATE INDEX tax_exemption_by_expiry ON tax_exemption (expiry_date, customer_id) WHERE ended_reason = '';
        """

    /// Cases are found by the number on the court's papers, across customers.
    private static let bankruptcyCaseByNumber = """
        CREATE INDEX bankruptcy_case_by_number ON bankruptcy_case (case_number, customer_id);
        """

    /// The schedule an agreement billed on before its latest rate change, and the day the
    /// change applies from (both NULL until a change): a period opening before that day still
    /// bills on the previous schedule.
    private static let rateScheduleChanges = """
        ALTER TABLE service_agreement ADD COLUMN previous_rate_schedule TEXT;
        ALTER TABLE service_agreement ADD COLUMN rate_schedule_from TEXT;
        """

    /// What each conversion-load record created, by its id in the old system.
    private static let conversionRecords = """
        CREATE TABLE conversion_record (
            external_id    TEXT PRIMARY KEY,
            customer_id    INTEGER NOT NULL REFERENCES customer (id),
            account_number INTEGER NOT NULL REFERENCES account (number),
            agreement_ids  TEXT NOT NULL
        ) WITHOUT ROWID;
        """

    private static let customers = """
        CREATE TABLE customer (
            id               INTEGER PRIMARY KEY,
            kind             TEXT NOT NULL CHECK (kind IN ('person', 'organisation')),
            name             TEXT NOT NULL,
            phone            TEXT NOT NULL DEFAULT '',
            email            TEXT NOT NULL DEFAULT '',
            mail_line1       TEXT NOT NULL DEFAULT '',
            mail_line2       TEXT NOT NULL DEFAULT '',
            mail_city        TEXT NOT NULL DEFAULT '',
            mail_state       TEXT NOT NULL DEFAULT '',
            mail_postal_code TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE customer_flag (
            customer_id INTEGER NOT NULL REFERENCES customer (id),
            flag        TEXT NOT NULL,
            PRIMARY KEY (customer_id, flag)
        ) WITHOUT ROWID;
        CREATE TABLE tax_exemption (
            id                 INTEGER PRIMARY KEY,
            customer_id        INTEGER NOT NULL REFERENCES customer (id),
            tax_type           TEXT NOT NULL,
            certificate_number TEXT NOT NULL,
            effective_date     TEXT NOT NULL,
            expiry_date        TEXT,
            ended_reason       TEXT NOT NULL DEFAULT '',
            CHECK (expiry_date IS NULL OR expiry_date >= effective_date)
        );
        CREATE INDEX tax_exemption_by_customer ON tax_exemption (customer_id, tax_type, effective_date);
        CREATE TABLE critical_care (
            id             INTEGER PRIMARY KEY,
            customer_id    INTEGER NOT NULL REFERENCES customer (id),
            certified_by   TEXT NOT NULL,
            effective_date TEXT NOT NULL,
            expiry_date    TEXT NOT NULL,
            note           TEXT NOT NULL DEFAULT '',
            ended_reason   TEXT NOT NULL DEFAULT '',
            CHECK (expiry_date >= effective_date)
        );
        CREATE INDEX critical_care_by_customer ON critical_care (customer_id, effective_date);
        CREATE TABLE bankruptcy_case (
            id            INTEGER PRIMARY KEY,
            customer_id   INTEGER NOT NULL REFERENCES customer (id),
            case_number   TEXT NOT NULL,
            chapter       INTEGER NOT NULL CHECK (chapter IN (7, 11, 12, 13)),
            petition_date TEXT NOT NULL,
            court         TEXT NOT NULL DEFAULT '',
            status        TEXT NOT NULL CHECK (status IN ('open', 'discharged', 'dismissed', 'closed')),
            resolved_date TEXT,
            UNIQUE (customer_id, case_number)
        );
        """

    private static let premises = """
        CREATE TABLE premise (
            id           TEXT PRIMARY KEY,
            line1        TEXT NOT NULL,
            line2        TEXT NOT NULL DEFAULT '',
            city         TEXT NOT NULL,
            state        TEXT NOT NULL,
            postal_code  TEXT NOT NULL,
            weather_zone TEXT NOT NULL,
            premise_type TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX premise_by_weather_zone ON premise (weather_zone, id);
        CREATE TABLE premise_sequence (
            id   INTEGER PRIMARY KEY CHECK (id = 1),
            last INTEGER NOT NULL
        );
        INSERT INTO premise_sequence (id, last) VALUES (1, 0);
        """

    private static let accounts = """
        CREATE TABLE account (
            number           INTEGER PRIMARY KEY,
            customer_id      INTEGER NOT NULL REFERENCES customer (id),
            status           TEXT NOT NULL CHECK (status IN ('active', 'final', 'closed')),
            bill_cycle       INTEGER NOT NULL CHECK (bill_cycle BETWEEN 1 AND 20),
            mail_line1       TEXT NOT NULL DEFAULT '',
            mail_line2       TEXT NOT NULL DEFAULT '',
            mail_city        TEXT NOT NULL DEFAULT '',
            mail_state       TEXT NOT NULL DEFAULT '',
            mail_postal_code TEXT NOT NULL DEFAULT '',
            deposit_cents    INTEGER NOT NULL CHECK (deposit_cents >= 0),
            opened_date      TEXT NOT NULL,
            final_date       TEXT,
            closed_date      TEXT
        );
        CREATE INDEX account_by_customer ON account (customer_id, number);
        CREATE INDEX account_by_cycle ON account (bill_cycle, number);
        CREATE INDEX account_by_status ON account (status, number);
        """

    private static let agreements = """
        CREATE TABLE service_agreement (
            id                INTEGER PRIMARY KEY,
            account_number    INTEGER NOT NULL REFERENCES account (number),
            premise_id        TEXT NOT NULL REFERENCES premise (id),
            service_type      TEXT NOT NULL CHECK (service_type IN ('electric', 'water', 'wastewater', 'solid_waste')),
            rate_schedule     TEXT NOT NULL,
            rate_class        TEXT NOT NULL,
            start_date        TEXT NOT NULL,
            end_date          TEXT,
            status            TEXT NOT NULL CHECK (status IN ('active', 'pending_final', 'final')),
            final_billed_date TEXT,
            CHECK (end_date IS NULL OR end_date >= start_date),
            CHECK ((status = 'active') = (end_date IS NULL))
        );
        CREATE UNIQUE INDEX service_agreement_one_active
            ON service_agreement (premise_id, service_type) WHERE status = 'active';
        CREATE INDEX service_agreement_by_premise ON service_agreement (premise_id, status);
        CREATE INDEX service_agreement_by_account ON service_agreement (account_number, id);
        CREATE INDEX service_agreement_by_rate_class ON service_agreement (rate_class, status, account_number);
        """
}
