import SettleModuleSDK

/// The refunds store's schema, forward-only (never edit a shipped migration; append one).
///
/// A request and a batch are each kept whole as their message; the columns beside them are
/// what queries select on. `refund_once` is the rule that a source is paid at most once per
/// amount: a unique index over the requests that still hold their source. A batch keeps the
/// bank details and originator it was written with, so its files are written again identically.
enum RefundsMigrations {
    static let all: [StoreMigration] = [requests]

    static let requests = StoreMigration(id: "refunds.0001-requests", sql: """
        CREATE TABLE refund (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            account_number TEXT NOT NULL,
            source TEXT NOT NULL,
            amount_cents INTEGER NOT NULL,
            status TEXT NOT NULL,
            batch_id TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL DEFAULT '',
            disbursed_date TEXT NOT NULL DEFAULT '',
            body BLOB NOT NULL
        );
        CREATE UNIQUE INDEX refund_once ON refund(source, amount_cents)
            WHERE status IN ('draft', 'submitted', 'approved', 'disbursed', 'adjusted', 'credited', 'written_off');
        CREATE INDEX refund_by_status ON refund(status, batch_id, id);
        CREATE INDEX refund_by_account ON refund(account_number, id);
        CREATE TABLE disbursement_batch (
            id INTEGER PRIMARY KEY,
            status TEXT NOT NULL,
            body BLOB NOT NULL
        );
        CREATE TABLE batch_payee (
            batch_id TEXT NOT NULL,
            refund_id TEXT NOT NULL,
            routing_number TEXT NOT NULL,
            bank_account TEXT NOT NULL,
            account_type TEXT NOT NULL,
            PRIMARY KEY (batch_id, refund_id)
        ) WITHOUT ROWID;
        CREATE TABLE batch_originator (
            batch_id TEXT PRIMARY KEY,
            body BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE payee_bank (
            account_number TEXT PRIMARY KEY,
            body BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE refund_policy (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            body BLOB NOT NULL
        );
        CREATE TABLE check_number (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            next INTEGER NOT NULL
        );
        CREATE TABLE bankruptcy_case (
            case_number TEXT PRIMARY KEY,
            customer_id TEXT NOT NULL,
            assurance_account TEXT NOT NULL DEFAULT '',
            assurance_cents INTEGER NOT NULL DEFAULT 0,
            assurance_due TEXT NOT NULL DEFAULT '',
            assurance_entry_id INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        """)
}
