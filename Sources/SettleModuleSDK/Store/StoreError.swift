/// A failure of a module's store, with a code to branch on and a message that names what was wrong.
///
/// Messages are written for the operator (they may name a file path or a migration id);
/// the RPC layer decides what a remote caller sees. Codes can be added without breaking
/// callers, as with grpc's `Status.Code`.
public struct StoreError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What kind of failure this is.
    public let code: Code
    /// What exactly was wrong, naming the offending id, key, path or record.
    public let message: String

    /// Creates an error with a code and a message naming what was wrong.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code, then the message: `idempotency conflict: idempotency key 'k' was already used …`.
    public var description: String { "\(code): \(message)" }

    /// The kinds of store failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String, Hashable, Sendable {
            case invalidModuleName = "invalid module name"
            case cannotOpen = "cannot open store"
            case invalidMigration = "invalid migration"
            case migrationFailed = "migration failed"
            case unknownAppliedMigration = "database is newer than this code"
            case migrationHistoryMismatch = "migration history mismatch"
            case invalidIdempotencyKey = "invalid idempotency key"
            case idempotencyConflict = "idempotency conflict"
            case invalidAuditEntry = "invalid audit entry"
            case backupTargetExists = "backup target exists"
            case backupFailed = "backup failed"
            case checkpointFailed = "checkpoint failed"
        }

        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// A short readable name for the code, e.g. `idempotency conflict`.
        public var description: String { wrapped.rawValue }

        /// A module name that is not lower-case kebab (`accounts`, `special-programs`).
        public static let invalidModuleName = Code(.invalidModuleName)
        /// The data directory or the SQLite file could not be created or opened.
        public static let cannotOpen = Code(.cannotOpen)
        /// A migration list that breaks the naming or ordering rules.
        public static let invalidMigration = Code(.invalidMigration)
        /// A migration's SQL failed; nothing of that migration was committed.
        public static let migrationFailed = Code(.migrationFailed)
        /// The file records a migration this code does not know: it was written by newer code.
        public static let unknownAppliedMigration = Code(.unknownAppliedMigration)
        /// A known migration is unapplied while a later one is applied (history was rewritten).
        public static let migrationHistoryMismatch = Code(.migrationHistoryMismatch)
        /// An empty or oversized idempotency key, or an empty method name.
        public static let invalidIdempotencyKey = Code(.invalidIdempotencyKey)
        /// The idempotency key was already used for a different request.
        public static let idempotencyConflict = Code(.idempotencyConflict)
        /// An audit entry without actor, method or entity.
        public static let invalidAuditEntry = Code(.invalidAuditEntry)
        /// A backup would overwrite an existing file.
        public static let backupTargetExists = Code(.backupTargetExists)
        /// The backup could not be written.
        public static let backupFailed = Code(.backupFailed)
        /// Closing could not copy the WAL into the `.sqlite` file; the `-wal` file still holds data.
        public static let checkpointFailed = Code(.checkpointFailed)
    }
}
