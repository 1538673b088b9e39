internal import Foundation
public import GRDB

/// A read-only view of one module's store at one instant, which later writes do not change:
/// what the host copies into a backup and checks across modules.
public struct StoreSnapshot: Sendable {
    public let module: String
    /// The connection holding the snapshot's read transaction.
    public let reader: any DatabaseReader

    /// The store's audit chain head in this snapshot.
    public func auditHead() throws -> (sequence: UInt64, hash: String) {
        try reader.read { db in try AuditLog.head(in: db) }
    }

    /// Writes the snapshot into a new SQLite file (created exclusively; removed on failure).
    /// - Returns: the file's size in bytes.
    public func backup(to path: String) throws -> UInt64 {
        try BackupFile.write(reader, to: path, store: "the '\(module)' store")
    }

    public func close() {
        try? reader.close()
    }

    /// A backup file opened read-only, to check it before it is ever restored.
    public static func openBackup(module: String, path: String) throws -> StoreSnapshot {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.cannotOpen, "the backup has no \(path)")
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            return StoreSnapshot(module: module, reader: try DatabaseQueue(path: path, configuration: configuration))
        } catch {
            throw StoreError(.cannotOpen, "cannot open the backup file \(path): \(error)")
        }
    }
}

extension ModuleStore {
    /// The store as it is now, unchanged by later writes (see ``StoreSnapshot``).
    ///
    /// On a file store it is a connection holding one read transaction (GRDB's
    /// `DatabaseSnapshot`): cheap to take, so the host takes one of every store while writes
    /// are held at the ``WriteGate`` and copies or checks them after letting writes go on.
    /// An in-memory or read-only store is copied into memory instead.
    public func snapshot() throws -> StoreSnapshot {
        let writer = self.writer
        if let pool = writer as? DatabasePool { return StoreSnapshot(module: module, reader: try pool.makeSnapshot()) }
        let copy = try DatabaseQueue()
        try writer.backup(to: copy)
        return StoreSnapshot(module: module, reader: copy)
    }
}

extension AuditLog {
    /// The chain's newest record: its sequence number and hash (0 and the genesis hash when empty).
    public static func head(in db: Database) throws -> (sequence: UInt64, hash: String) {
        guard let row = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM settle_audit_log ORDER BY sequence DESC LIMIT 1") else {
            return (0, genesisHash)
        }
        let sequence: Int64 = try row.decode(forColumn: "sequence")
        let hash: String = try row.decode(forColumn: "hash")
        return (UInt64(clamping: sequence), hash)
    }
}

extension ModuleStore {
    /// The audit chain's head now.
    public func auditHead() async throws -> (sequence: UInt64, hash: String) {
        try await writer.read { db in try AuditLog.head(in: db) }
    }

    /// Re-checks the chain against heads written outside the store (see ``AuditLog/check(against:in:)``).
    public func checkAuditChain(against heads: [AuditHead]) async throws -> (sequence: UInt64, problem: String)? {
        try await writer.read { db in try AuditLog.check(against: heads, in: db) }
    }
}
