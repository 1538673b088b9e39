import SettleModuleSDK

/// The programs store's schema, forward-only (never edit a shipped migration; append one).
///
/// An enrolment is kept whole as its `Enrolment` message (with its history); the columns
/// beside it are what queries select on, and `enrolment_member` finds a batch's enrolments
/// by any agreement of a group. Dates are "YYYY-MM-DD" text (they sort as dates).
enum ProgramsMigrations {
    static let all: [StoreMigration] = [enrolments, wastewater, holidays, solarBanks, budget]

    static let enrolments = StoreMigration(id: "programs.0001-enrolments", sql: """
        CREATE TABLE enrolment (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            agreement_id INTEGER NOT NULL,
            account_number TEXT NOT NULL,
            status TEXT NOT NULL,
            effective_from TEXT NOT NULL,
            effective_to TEXT NOT NULL DEFAULT '',
            body BLOB NOT NULL
        );
        CREATE INDEX enrolment_by_kind ON enrolment(kind, status, id);
        CREATE INDEX enrolment_by_account ON enrolment(account_number);
        CREATE TABLE enrolment_member (
            agreement_id INTEGER NOT NULL,
            enrolment_id INTEGER NOT NULL REFERENCES enrolment(id),
            PRIMARY KEY (agreement_id, enrolment_id)
        ) WITHOUT ROWID;
        """)

    /// Water use of billed periods (what winter averages are computed from), leak
    /// adjustments, and the wastewater policy.
    static let wastewater = StoreMigration(id: "programs.0002-wastewater", sql: """
        CREATE TABLE water_use (
            agreement_id INTEGER NOT NULL,
            period_end TEXT NOT NULL,
            period_start TEXT NOT NULL,
            gallons_thousandths INTEGER NOT NULL,
            PRIMARY KEY (agreement_id, period_end)
        ) WITHOUT ROWID;
        CREATE TABLE wastewater_adjustment (
            agreement_id INTEGER NOT NULL,
            year INTEGER NOT NULL,
            excluded_period_ends TEXT NOT NULL,
            set_gallons_per_day_millis INTEGER,
            reason TEXT NOT NULL,
            PRIMARY KEY (agreement_id, year)
        ) WITHOUT ROWID;
        CREATE TABLE program_policy (
            name TEXT PRIMARY KEY,
            body BLOB NOT NULL
        ) WITHOUT ROWID;
        """)

    /// The utility's own holidays (NERC's six are computed by rule, never stored).
    static let holidays = StoreMigration(id: "programs.0003-holidays", sql: """
        CREATE TABLE utility_holiday (
            date TEXT PRIMARY KEY,
            year INTEGER NOT NULL,
            name TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX utility_holiday_by_year ON utility_holiday(year, date);
        """)

    /// Each solar bill's movement of its enrolment's bank (kept whole as its
    /// `SolarBillMovement`): the bank now is the end of the newest recorded movement, so
    /// cancelling a bill (status `cancelled`) gives back what it consumed.
    static let solarBanks = StoreMigration(id: "programs.0004-solar-banks", sql: """
        CREATE TABLE solar_bill (
            bill_id TEXT PRIMARY KEY,
            enrolment_id INTEGER NOT NULL REFERENCES enrolment(id),
            agreement_id INTEGER NOT NULL,
            period_end TEXT NOT NULL,
            status TEXT NOT NULL,
            recorded_seq INTEGER NOT NULL,
            body BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX solar_bill_by_enrolment ON solar_bill(enrolment_id, status, period_end, recorded_seq);
        CREATE INDEX solar_bill_by_agreement ON solar_bill(agreement_id, period_end);
        CREATE INDEX solar_bill_by_sequence ON solar_bill(recorded_seq);
        """)

    /// Budget billing: each plan's state (its `BudgetPlan` message, keyed by its enrolment) and
    /// each bill applied to a plan, with the plan as it was before (a cancelled latest bill is
    /// undone exactly). A bill is applied once: `budget_bill` is keyed by bill id.
    static let budget = StoreMigration(id: "programs.0005-budget-plans", sql: """
        CREATE TABLE budget_plan (
            enrolment_id INTEGER PRIMARY KEY REFERENCES enrolment(id),
            agreement_id INTEGER NOT NULL,
            status TEXT NOT NULL,
            body BLOB NOT NULL
        );
        CREATE INDEX budget_plan_by_agreement ON budget_plan(agreement_id, enrolment_id);
        CREATE INDEX budget_plan_by_status ON budget_plan(status, enrolment_id);
        CREATE TABLE budget_bill (
            bill_id TEXT PRIMARY KEY,
            enrolment_id INTEGER NOT NULL REFERENCES budget_plan(enrolment_id),
            plan_before BLOB NOT NULL,
            cancelled INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        """)
}
