public import Foundation
public import GRDB
internal import Synchronization

/// A service module's own SQLite file, migrated forward and ready for reads and writes.
///
/// Every module owns exactly one store: `<dataDirectory>/<module>.sqlite`, opened as a GRDB
/// `DatabasePool` (WAL journal, `synchronous = NORMAL`, foreign keys on, a busy timeout),
/// or an in-memory `DatabaseQueue` when no directory is given (for tests). Opening applies
/// the SDK's migrations (idempotency records, audit log) and then the module's, and
/// refuses a file written by newer code.
///
/// ```swift
/// let store = try ModuleStore(module: "accounts", dataDirectory: "/var/lib/settle", migrations: [
///     StoreMigration(id: "accounts.0001-create-customers", sql: "CREATE TABLE customer (...)"),
/// ])
/// let result = try await store.idempotent(method: "CreateCustomer", key: key, requestFingerprint: fp) { db in
///     try db.execute(sql: "INSERT INTO customer ...")
///     try AuditLog.append(AuditEntry(actor: actor, method: "CreateCustomer", entity: "customer/42"), in: db)
///     return responseBytes
/// }
/// ```
public final class ModuleStore: Sendable {
    /// The module that owns the store, e.g. `accounts`.
    public let module: String
    /// The connection(s): a `DatabasePool` on disk, a `DatabaseQueue` in memory.
    public let writer: any DatabaseWriter
    /// The SQLite file's path, or `nil` for an in-memory store.
    public let path: String?

    let migrator: StoreMigrator
    private let isClosed = Mutex(false)

    /// Opens (creating if needed) the module's store and applies its migrations.
    ///
    /// - Parameters:
    ///   - module: Lower-case kebab module name; names the file and prefixes migration ids.
    ///   - dataDirectory: Where `<module>.sqlite` lives (created if missing); `nil` for an
    ///     in-memory store.
    ///   - migrations: The module's migrations, in order (see ``StoreMigration``).
    ///   - busyTimeout: How long a write waits for a lock held by another connection.
    /// - Throws: ``StoreError`` naming a bad migration id, a file that cannot be opened,
    ///   a failed migration, or a file migrated by newer code.
    public init(
        module: String,
        dataDirectory: String? = nil,
        migrations: [StoreMigration],
        busyTimeout: TimeInterval = 5
    ) throws {
        let migrator = try StoreMigrator(module: module, migrations: migrations)
        var configuration = Configuration()
        configuration.label = "settle.\(module)"
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }

        let writer: any DatabaseWriter
        let path: String?
        if let dataDirectory {
            let directory = URL(fileURLWithPath: dataDirectory, isDirectory: true)
            let file = directory.appendingPathComponent("\(module).sqlite").path
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                writer = try DatabasePool(path: file, configuration: configuration)
            } catch {
                throw StoreError(.cannotOpen, "cannot open the '\(module)' store at \(file): \(error)")
            }
            path = file
        } else {
            writer = try DatabaseQueue(configuration: configuration)
            path = nil
        }

        self.module = module
        self.writer = writer
        self.path = path
        self.migrator = migrator
        do {
            try migrator.migrate(writer, location: location)
        } catch let error as StoreError {
            try? writer.close()
            throw error
        } catch {
            // E.g. "file is not a database": SQLite reads the file lazily, on first use.
            try? writer.close()
            throw StoreError(.cannotOpen, "cannot open \(location): \(error)")
        }
    }

    /// Reads from a consistent snapshot; concurrent with writes on a file store.
    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await writer.read(body)
    }

    /// Runs `body` in one write transaction: everything commits, or nothing does if it throws.
    public func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await writer.write(body)
    }

    /// The ids of the applied migrations, SDK's first, in the order they ran.
    public func appliedMigrations() async throws -> [String] {
        let migrator = self.migrator
        return try await writer.read { db in try migrator.appliedMigrations(db) }
    }

    /// Closes the connections; SQLite checkpoints the WAL into the file as the last one closes.
    ///
    /// Calling it again does nothing. Any use of the store after closing throws.
    public func close() throws {
        try isClosed.withLock { closed in
            guard !closed else { return }
            try writer.close()
            closed = true
        }
    }

    /// How messages name this store: its path, or that it is in memory.
    var location: String {
        path ?? "the in-memory '\(module)' store"
    }
}
