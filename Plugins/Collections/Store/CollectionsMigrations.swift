import SettleModuleSDK

/// The collections store's schema, forward-only (never edit a shipped migration; append one).
///
/// Dates are local day numbers (days since 1970-01-01 in the utility's zone) so aging is
/// integer arithmetic over an index scan; money is integer cents. Ledger entries can never
/// be updated or deleted (triggers abort it): a correction is a new `reversal` entry.
enum CollectionsMigrations {
    static let all: [StoreMigration] = [
        ledger, policy, notices, eligibility, arrangements, disconnections, depositMovements, pledgeOutcomes,
        serviceDatesAndInstallments, finalBillSettlements, refundPostings, budgetInstallments,
    ]

    static let ledger = StoreMigration(id: "collections.0001-ledger", sql: """
        CREATE TABLE ledger_account (
            account_number TEXT PRIMARY KEY,
            rate_class TEXT NOT NULL DEFAULT '',
            first_day INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE ledger_entry (
            id INTEGER PRIMARY KEY,
            account_number TEXT NOT NULL,
            kind TEXT NOT NULL,
            amount_cents INTEGER NOT NULL,
            entry_day INTEGER NOT NULL,
            due_day INTEGER NOT NULL,
            bill_id TEXT NOT NULL DEFAULT '',
            agreement_id INTEGER NOT NULL DEFAULT 0,
            service_type TEXT NOT NULL DEFAULT '',
            rate_class TEXT NOT NULL DEFAULT '',
            period TEXT NOT NULL DEFAULT '',
            tax_cents INTEGER NOT NULL DEFAULT 0,
            reference TEXT NOT NULL DEFAULT '',
            reverses_id INTEGER REFERENCES ledger_entry(id),
            memo TEXT NOT NULL DEFAULT ''
        );
        -- Covering index: aging and the trial balance scan it alone, account by account,
        -- without visiting the table (millions of entries in a couple of seconds).
        CREATE INDEX ledger_entry_by_account ON ledger_entry(
            account_number, due_day, id, entry_day, amount_cents, reverses_id, rate_class, kind);
        CREATE UNIQUE INDEX ledger_charge_by_bill ON ledger_entry(bill_id, agreement_id) WHERE kind = 'charge';
        CREATE UNIQUE INDEX ledger_payment_by_reference ON ledger_entry(reference) WHERE kind = 'payment';
        CREATE UNIQUE INDEX ledger_reversal_of ON ledger_entry(reverses_id) WHERE reverses_id IS NOT NULL;
        CREATE UNIQUE INDEX ledger_late_fee_by_bill ON ledger_entry(bill_id) WHERE kind = 'late_fee';
        CREATE UNIQUE INDEX ledger_nsf_fee_by_payment ON ledger_entry(reference) WHERE kind = 'nsf_fee';
        CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
            BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable: post a reversal'); END;
        CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
            BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable: post a reversal'); END;
        """)

    static let policy = StoreMigration(id: "collections.0002-policy-and-weather", sql: """
        CREATE TABLE policy (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            body BLOB NOT NULL
        );
        CREATE TABLE weather_day (
            zone TEXT NOT NULL,
            day INTEGER NOT NULL,
            forecast_low_f INTEGER NOT NULL,
            heat_advisory INTEGER NOT NULL,
            PRIMARY KEY (zone, day)
        ) WITHOUT ROWID;
        """)

    static let notices = StoreMigration(id: "collections.0003-notices-disputes-holds-pledges", sql: """
        CREATE TABLE notice (
            id INTEGER PRIMARY KEY,
            account_number TEXT NOT NULL,
            kind TEXT NOT NULL,
            issued_day INTEGER NOT NULL,
            past_due_cents INTEGER NOT NULL,
            disconnect_day INTEGER,
            oldest_due_day INTEGER NOT NULL,
            past_due_notice_id INTEGER REFERENCES notice(id)
        );
        CREATE INDEX notice_by_account ON notice(account_number, issued_day);
        CREATE UNIQUE INDEX notice_disconnect_once ON notice(past_due_notice_id) WHERE kind = 'disconnect';
        CREATE TABLE dispute (
            id INTEGER PRIMARY KEY,
            account_number TEXT NOT NULL,
            amount_cents INTEGER NOT NULL,
            opened_day INTEGER NOT NULL,
            closed_day INTEGER,
            description TEXT NOT NULL,
            resolution TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX dispute_by_account ON dispute(account_number);
        CREATE TABLE hold (
            id INTEGER PRIMARY KEY,
            account_number TEXT NOT NULL,
            amount_cents INTEGER NOT NULL,
            reason TEXT NOT NULL,
            start_day INTEGER NOT NULL,
            expiry_day INTEGER NOT NULL,
            released_day INTEGER
        );
        CREATE INDEX hold_by_account ON hold(account_number);
        CREATE TABLE pledge (
            id INTEGER PRIMARY KEY,
            account_number TEXT NOT NULL,
            agency TEXT NOT NULL,
            amount_cents INTEGER NOT NULL,
            pledged_day INTEGER NOT NULL,
            expiry_day INTEGER NOT NULL
        );
        CREATE INDEX pledge_by_account ON pledge(account_number);
        """)

    static let eligibility = StoreMigration(id: "collections.0004-eligibility-decisions", sql: """
        CREATE TABLE eligibility_decision (
            id INTEGER PRIMARY KEY,
            account_number TEXT NOT NULL,
            as_of_day INTEGER NOT NULL,
            eligible INTEGER NOT NULL,
            notice_id INTEGER NOT NULL,
            past_due_cents INTEGER NOT NULL,
            collectible_cents INTEGER NOT NULL,
            rules BLOB NOT NULL
        );
        CREATE INDEX eligibility_by_account ON eligibility_decision(account_number, as_of_day);
        CREATE INDEX eligibility_by_day ON eligibility_decision(as_of_day);
        """)

    static let arrangements = StoreMigration(id: "collections.0005-arrangements", sql: """
        CREATE TABLE arrangement (
            id INTEGER PRIMARY KEY,
            account_number TEXT NOT NULL,
            total_cents INTEGER NOT NULL,
            down_payment_cents INTEGER NOT NULL,
            start_day INTEGER NOT NULL,
            installments INTEGER NOT NULL
        );
        CREATE INDEX arrangement_by_account ON arrangement(account_number);
        """)

    static let disconnections = StoreMigration(id: "collections.0006-disconnections", sql: """
        CREATE TABLE disconnection (
            id INTEGER PRIMARY KEY,
            account_number TEXT NOT NULL,
            day INTEGER NOT NULL,
            decision_id INTEGER
        );
        CREATE INDEX disconnection_by_account ON disconnection(account_number, day);
        """)

    /// What an entry does to the deposit held, beside what it does to the balance: a deposit
    /// applied lowers both, a deposit refunded lowers only the deposit (the customer owes the
    /// same; the money goes back to them). Held = paid part of billed deposits + Σ deposit_cents.
    static let depositMovements = StoreMigration(id: "collections.0007-deposit-movements", sql: """
        ALTER TABLE ledger_entry ADD COLUMN deposit_cents INTEGER NOT NULL DEFAULT 0;
        """)

    /// A pledge is pending until marked paid (the agency's payment arrived) or expired (the
    /// agency withdrew it); from `resolved_day` it no longer stops disconnection.
    static let pledgeOutcomes = StoreMigration(id: "collections.0008-pledge-outcomes", sql: """
        ALTER TABLE pledge ADD COLUMN status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'expired'));
        ALTER TABLE pledge ADD COLUMN resolved_day INTEGER;
        ALTER TABLE pledge ADD COLUMN payment_reference TEXT NOT NULL DEFAULT '';
        ALTER TABLE pledge ADD COLUMN note TEXT NOT NULL DEFAULT '';
        """)

    /// A bill charge's service period (for the bankruptcy split by days at the petition date),
    /// and an arrangement's explicit installments (dates and amounts agreed with the customer).
    static let serviceDatesAndInstallments = StoreMigration(id: "collections.0009-service-dates-installments", sql: """
        ALTER TABLE ledger_entry ADD COLUMN service_start_day INTEGER;
        ALTER TABLE ledger_entry ADD COLUMN service_end_day INTEGER;
        CREATE TABLE arrangement_installment (
            arrangement_id INTEGER NOT NULL REFERENCES arrangement(id),
            number INTEGER NOT NULL,
            due_day INTEGER NOT NULL,
            amount_cents INTEGER NOT NULL,
            PRIMARY KEY (arrangement_id, number)
        ) WITHOUT ROWID;
        """)

    /// What was done when an account's final bill arrived: the deposit applied, and the
    /// account's closing in Accounts (retried until Accounts has been told).
    static let finalBillSettlements = StoreMigration(id: "collections.0010-final-bill-settlements", sql: """
        CREATE TABLE final_bill (
            account_number TEXT NOT NULL,
            bill_id TEXT NOT NULL,
            bill_day INTEGER NOT NULL,
            deposit_applied_cents INTEGER NOT NULL DEFAULT 0,
            interest_cents INTEGER NOT NULL DEFAULT 0,
            closed_day INTEGER,
            PRIMARY KEY (account_number, bill_id)
        ) WITHOUT ROWID;
        """)

    /// What the Refunds module settled (one row per reference, so a retried or repeated
    /// release posts nothing twice), and credits and write-offs waiting for a second person.
    static let refundPostings = StoreMigration(id: "collections.0011-refund-postings", sql: """
        CREATE TABLE refund_posting (
            reference TEXT PRIMARY KEY,
            account_number TEXT NOT NULL,
            main_entry_id INTEGER NOT NULL,
            entry_ids TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE pending_entry (
            id INTEGER PRIMARY KEY,
            account_number TEXT NOT NULL,
            kind TEXT NOT NULL,
            amount_cents INTEGER NOT NULL,
            entry_day INTEGER NOT NULL,
            due_day INTEGER NOT NULL,
            memo TEXT NOT NULL,
            maker TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            approved_by TEXT NOT NULL DEFAULT '',
            entry_id INTEGER NOT NULL DEFAULT 0
        );
        """)

    /// Budget billing: what a bill under a levelized plan made due (its installment, or at a
    /// settle-up or on leaving the plan the installment plus the deferred balance), beside the
    /// charge's actual amount in `ledger_entry`. Written once with the charge, never changed.
    static let budgetInstallments = StoreMigration(id: "collections.0012-budget-installments", sql: """
        CREATE TABLE budget_charge (
            entry_id INTEGER PRIMARY KEY REFERENCES ledger_entry(id),
            account_number TEXT NOT NULL,
            installment_due_cents INTEGER NOT NULL
        );
        CREATE INDEX budget_charge_by_account ON budget_charge(account_number, entry_id);
        CREATE TRIGGER budget_charge_no_update BEFORE UPDATE ON budget_charge
            BEGIN SELECT RAISE(ABORT, 'budget_charge rows are immutable'); END;
        CREATE TRIGGER budget_charge_no_delete BEFORE DELETE ON budget_charge
            BEGIN SELECT RAISE(ABORT, 'budget_charge rows are immutable'); END;
        """)
}
