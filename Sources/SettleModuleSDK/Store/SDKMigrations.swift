/// The SDK's own tables in every module's store: idempotency records and the audit log.
///
/// Naming scheme: `<module>.sdk-<nnnn>-<what>` (e.g. `accounts.sdk-0001-idempotency`).
/// They share the module prefix so every id in a file names its owner, and they can never
/// collide with the module's own ids, which have digits right after the dot. SDK
/// migrations are registered before the module's, so on a new file they run first; an SDK
/// migration added in a later release runs on an existing file before any of the module's
/// not-yet-applied migrations. SDK tables are prefixed `settle_`; modules must not use that
/// prefix. Like module migrations, these are never edited once shipped.
enum SDKMigrations {
    static func all(module: String) -> [StoreMigration] {
        [
            StoreMigration(id: "\(module).sdk-0001-idempotency", sql: idempotency),
            StoreMigration(id: "\(module).sdk-0002-audit-log", sql: auditLog),
        ]
    }

    private static let idempotency = """
        CREATE TABLE settle_idempotency (
            method      TEXT NOT NULL,
            "key"       TEXT NOT NULL,
            fingerprint BLOB NOT NULL,
            response    BLOB NOT NULL,
            at          TEXT NOT NULL,
            PRIMARY KEY (method, "key")
        ) WITHOUT ROWID;
        """

    private static let auditLog = """
        CREATE TABLE settle_audit_log (
            sequence  INTEGER PRIMARY KEY,
            at        TEXT NOT NULL,
            actor     TEXT NOT NULL,
            method    TEXT NOT NULL,
            entity    TEXT NOT NULL,
            "before"  TEXT NOT NULL,
            "after"   TEXT NOT NULL,
            reason    TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash      TEXT NOT NULL
        );
        CREATE INDEX settle_audit_log_by_entity ON settle_audit_log (entity, sequence);
        CREATE TRIGGER settle_audit_log_no_update BEFORE UPDATE ON settle_audit_log
        BEGIN
            SELECT RAISE(ABORT, 'settle_audit_log is append-only: audit records cannot be updated');
        END;
        CREATE TRIGGER settle_audit_log_no_delete BEFORE DELETE ON settle_audit_log
        BEGIN
            SELECT RAISE(ABORT, 'settle_audit_log is append-only: audit records cannot be deleted');
        END;
        """
}
