internal import GRDB

/// Applies the SDK's and a module's migrations through GRDB's `DatabaseMigrator`, forward only.
///
/// Before migrating it refuses a file that records a migration this code does not know
/// (written by newer code) or that lacks a known migration while holding a later one of
/// the same list (history rewritten by inserting a migration in the middle).
struct StoreMigrator: Sendable {
    private let lists: [[StoreMigration]]
    private let migrator: DatabaseMigrator

    init(module: String, migrations: [StoreMigration]) throws {
        try StoreMigration.validate(migrations, module: module)
        lists = [SDKMigrations.all(module: module), migrations]
        var migrator = DatabaseMigrator()
        for migration in lists.joined() {
            let (id, sql) = (migration.id, migration.sql)
            migrator.registerMigration(id) { db in
                do {
                    try db.execute(sql: sql)
                } catch {
                    throw StoreError(.migrationFailed, "migration '\(id)' failed: \(error)")
                }
            }
        }
        self.migrator = migrator
    }

    /// Checks the file's history, then applies every unapplied migration, each in its own transaction.
    func migrate(_ writer: any DatabaseWriter, location: String) throws {
        try writer.barrierWriteWithoutTransaction { db in
            try checkHistory(db, location: location)
        }
        try migrator.migrate(writer)
    }

    /// For a store opened read-only: checks the history and that nothing is left to apply.
    func checkMigrated(_ reader: any DatabaseReader, location: String) throws {
        try reader.read { db in
            try checkHistory(db, location: location)
            let applied = try migrator.appliedIdentifiers(db)
            if let pending = lists.joined().first(where: { !applied.contains($0.id) }) {
                throw StoreError(.cannotOpen, "\(location) is read-only and migration '\(pending.id)' is not applied yet")
            }
        }
    }

    /// The applied migrations (SDK's and module's) in the order they run.
    func appliedMigrations(_ db: Database) throws -> [String] {
        try migrator.appliedMigrations(db)
    }

    private func checkHistory(_ db: Database, location: String) throws {
        let applied = try migrator.appliedIdentifiers(db)
        let unknown = applied.subtracting(migrator.migrations).sorted()
        if !unknown.isEmpty {
            throw StoreError(
                .unknownAppliedMigration,
                "\(location) records migration(s) \(unknown.joined(separator: ", ")) that this code does not know: "
                    + "it was migrated by newer code. Refusing to open it; run the newer code or restore a backup "
                    + "made by this version")
        }
        for list in lists {
            guard let gap = list.firstIndex(where: { !applied.contains($0.id) }) else { continue }
            if let later = list[gap...].first(where: { applied.contains($0.id) }) {
                throw StoreError(
                    .migrationHistoryMismatch,
                    "\(location) has migration '\(later.id)' applied but not the earlier '\(list[gap].id)': "
                        + "migrations must only be appended, never inserted before shipped ones")
            }
        }
    }
}
