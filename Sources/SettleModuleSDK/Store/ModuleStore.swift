public import Foundation
public import GRDB
public import Logging
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
    /// The connection(s): a `DatabasePool` on disk, a `DatabaseQueue` in memory. After a
    /// storage fault the store may reopen its file, so read this each time, never keep it.
    public var writer: any DatabaseWriter { current.withLock { $0 } }
    /// The SQLite file's path, or `nil` for an in-memory store.
    public let path: String?
    /// The gate this store's writes pass; shared by every store of a host (see ``WriteGate``).
    public let gate: WriteGate

    let migrator: StoreMigrator
    let logger: Logger?
    private let current: Mutex<any DatabaseWriter>
    private let isClosed = Mutex(false)
    let faultState = Mutex<StoreFault?>(nil)
    private let busyTimeout: TimeInterval

    /// Opens (creating if needed) the module's store and applies its migrations.
    ///
    /// - Parameters:
    ///   - module: Lower-case kebab module name; names the file and prefixes migration ids.
    ///   - dataDirectory: Where `<module>.sqlite` lives (created if missing); `nil` for an
    ///     in-memory store.
    ///   - migrations: The module's migrations, in order (see ``StoreMigration``).
    ///   - busyTimeout: How long a write waits for a lock held by another connection.
    ///   - gate: The host's write gate; by default the store has its own.
    ///   - logger: Where storage faults and recoveries are logged, with the file's path.
    /// - Throws: ``StoreError`` naming a bad migration id, a file that cannot be opened,
    ///   a failed migration, or a file migrated by newer code.
    public init(
        module: String,
        dataDirectory: String? = nil,
        migrations: [StoreMigration],
        busyTimeout: TimeInterval = 5,
        gate: WriteGate = WriteGate(),
        logger: Logger? = nil
    ) throws {
        let migrator = try StoreMigrator(module: module, migrations: migrations)
        let configuration = Self.configuration(module: module, busyTimeout: busyTimeout)

        let writer: any DatabaseWriter
        let path: String?
        var openedReadOnly: (StoreFault.Kind, String)?
        if let dataDirectory {
            let directory = URL(fileURLWithPath: dataDirectory, isDirectory: true)
            let file = directory.appendingPathComponent("\(module).sqlite").path
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError(.cannotOpen, "cannot open the '\(module)' store at \(file): \(error)")
            }
            do {
                writer = try Self.openMigrated(file, migrator: migrator, configuration: configuration)
            } catch {
                // A store on a read-only (or failing) folder still opens, read-only, so the
                // host can serve reads and report the fault; writes retry by themselves.
                guard let fault = StoreFault.kind(of: error), FileManager.default.fileExists(atPath: file),
                      let readOnly = try? Self.openImmutable(file, module: module, busyTimeout: busyTimeout),
                      (try? migrator.checkMigrated(readOnly, location: file)) != nil
                else {
                    if let error = error as? StoreError { throw error }
                    throw StoreError(.cannotOpen, "cannot open the '\(module)' store at \(file): \(error)")
                }
                writer = readOnly
                openedReadOnly = fault
            }
            path = file
        } else {
            writer = try DatabaseQueue(configuration: configuration)
            path = nil
            do {
                try migrator.migrate(writer, location: "the in-memory '\(module)' store")
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError(.cannotOpen, "cannot open the in-memory '\(module)' store: \(error)")
            }
        }

        self.module = module
        self.current = Mutex(writer)
        self.path = path
        self.migrator = migrator
        self.gate = gate
        self.logger = logger
        self.busyTimeout = busyTimeout
        if let openedReadOnly {
            faultState.withLock { $0 = .first(kind: openedReadOnly.0, module: module, cause: openedReadOnly.1, at: Date()) }
            logger?.error("store opened read-only: writes fail until it can be reopened", metadata: ["module": "\(module)", "path": "\(location)", "cause": "\(openedReadOnly.1)"])
        }
    }

    /// Opens the file as a pool and applies the migrations; closes it again on failure.
    private static func openMigrated(_ file: String, migrator: StoreMigrator, configuration: Configuration) throws -> DatabasePool {
        let pool = try DatabasePool(path: file, configuration: configuration)
        do {
            try migrator.migrate(pool, location: file)
            return pool
        } catch {
            try? pool.close()
            // E.g. "file is not a database": SQLite reads the file lazily, on first use.
            if error is StoreError || StoreFault.kind(of: error) != nil { throw error }
            throw StoreError(.cannotOpen, "cannot open \(file): \(error)")
        }
    }

    /// The connection settings of every store: foreign keys, a busy timeout, `synchronous = NORMAL`.
    static func configuration(module: String, busyTimeout: TimeInterval, readonly: Bool = false) -> Configuration {
        var configuration = Configuration()
        configuration.label = "settle.\(module)"
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.readonly = readonly
        if !readonly {
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        return configuration
    }

    /// The file opened read-only as immutable, which SQLite allows on a read-only folder
    /// where it could not create the WAL's shared-memory file.
    private static func openImmutable(_ file: String, module: String, busyTimeout: TimeInterval) throws -> DatabaseQueue {
        var components = URLComponents()
        components.scheme = "file"
        components.path = file
        components.queryItems = [URLQueryItem(name: "immutable", value: "1")]
        let uri = components.string ?? "file:\(file)?immutable=1"
        return try DatabaseQueue(path: uri, configuration: configuration(module: module, busyTimeout: busyTimeout, readonly: true))
    }

    /// Opens the file again, replacing the connections (after a storage fault).
    func reopen() throws {
        guard let path else { return }
        let fresh = try DatabasePool(path: path, configuration: Self.configuration(module: module, busyTimeout: busyTimeout))
        try migrator.checkMigrated(fresh, location: location)
        let old = current.withLock { writer -> any DatabaseWriter in
            defer { writer = fresh }
            return writer
        }
        try? old.close()
    }

    /// Reads from a consistent snapshot; concurrent with writes on a file store.
    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await writer.read(body)
    }

    /// Runs `body` in one write transaction: everything commits, or nothing does if it throws.
    ///
    /// Passes the host's ``WriteGate``; a storage fault is answered as ``StoreFault/rpcError``
    /// (see ``StoreFault``).
    public func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await performWrite { writer in try await writer.write(body) }
    }

    /// The ids of the applied migrations, SDK's first, in the order they ran.
    public func appliedMigrations() async throws -> [String] {
        let migrator = self.migrator
        return try await writer.read { db in try migrator.appliedMigrations(db) }
    }

    /// Closes the connections, leaving a file store complete in its `.sqlite` file.
    ///
    /// A file store first checkpoints its WAL in TRUNCATE mode: every committed page is copied
    /// into the `.sqlite` file and the `-wal` file is cut to zero bytes, so a copy of the
    /// `.sqlite` file alone holds everything. SQLite's own checkpoint at the last close is not
    /// enough: the pool's last connection to close may be a read-only reader, which cannot
    /// checkpoint, and then the data stays in the `-wal` file. The connections are closed even
    /// when the checkpoint fails, and that failure is thrown.
    ///
    /// Calling it again does nothing. Any use of the store after closing throws.
    public func close() throws {
        try isClosed.withLock { closed in
            guard !closed else { return }
            var checkpointError: (any Error)?
            if path != nil {
                do {
                    _ = try writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
                } catch {
                    checkpointError = error
                }
            }
            try writer.close()
            closed = true
            if let checkpointError {
                throw StoreError(.checkpointFailed, "closing \(location): the WAL could not be checkpointed into the file: \(checkpointError)")
            }
        }
    }

    /// How messages name this store: its path, or that it is in memory.
    var location: String {
        path ?? "the in-memory '\(module)' store"
    }
}
