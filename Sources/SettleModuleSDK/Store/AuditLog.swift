public import GRDB

/// The module's append-only, hash-chained audit log (table `settle_audit_log`).
///
/// Every mutation appends one record inside its own transaction, so the record commits or
/// rolls back with the change. Each record carries `prev_hash`, the previous record's hash,
/// and `hash`, the lower-case hex SHA-256 of its canonical encoding: the ASCII tag
/// `settle.audit.v1`, then each field in this order — sequence (decimal text), at, actor,
/// method, entity, before, after, reason, prev_hash — as its UTF-8 byte count (8 bytes,
/// big-endian) followed by its UTF-8 bytes. The length prefixes keep field boundaries from
/// shifting. Triggers abort any UPDATE or DELETE on the table; changes made around them
/// are caught by ``ModuleStore/verifyAuditChain()``.
public enum AuditLog {
    /// The `prev_hash` of record 1: 64 zeros.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Appends `entry` as the next record of the chain, inside the caller's transaction.
    ///
    /// Call it from the mutation's `write` (or `idempotent`) body.
    /// - Throws: ``StoreError/Code/invalidAuditEntry`` for a missing actor, method or entity,
    ///   or when called outside a transaction; database errors otherwise.
    @discardableResult
    public static func append(_ entry: AuditEntry, in db: Database) throws -> AuditRecord {
        for (name, value) in [("actor", entry.actor), ("method", entry.method), ("entity", entry.entity)]
        where value.isEmpty {
            throw StoreError(.invalidAuditEntry, "audit entry for \(describe(entry)) has no \(name)")
        }
        guard db.isInsideTransaction else {
            throw StoreError(
                .invalidAuditEntry,
                "audit entry for \(describe(entry)) must be appended inside the mutation's transaction")
        }
        let last = try Row.fetchOneCached(db, sql: "SELECT sequence, hash FROM settle_audit_log ORDER BY sequence DESC LIMIT 1")
        let lastSequence: Int64 = try last?.decode(forColumn: "sequence") ?? 0
        let prevHash: String = try last?.decode(forColumn: "hash") ?? genesisHash
        let record = AuditRecord(sequence: UInt64(clamping: lastSequence) + 1, entry: entry, prevHash: prevHash)
        try db.executeCached(
            sql: """
                INSERT INTO settle_audit_log
                    (sequence, at, actor, method, entity, "before", "after", reason, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                Int64(clamping: record.sequence), record.at, record.actor, record.method, record.entity,
                record.before, record.after, record.reason, record.prevHash, record.hash,
            ])
        return record
    }

    /// The newest `limit` records, of one entity or of all, oldest first.
    public static func records(entity: String? = nil, limit: Int = 100, in db: Database) throws -> [AuditRecord] {
        let filter = entity == nil ? "" : "WHERE entity = ?"
        var arguments: StatementArguments = entity.map { [$0] } ?? []
        arguments += [max(0, limit)]
        return try AuditRecord.fetchAll(
            db,
            sql: """
                SELECT * FROM (
                    SELECT * FROM settle_audit_log \(filter) ORDER BY sequence DESC LIMIT ?
                ) ORDER BY sequence
                """,
            arguments: arguments)
    }

    private static func describe(_ entry: AuditEntry) -> String {
        "'\(entry.entity)' by '\(entry.actor)' via '\(entry.method)'"
    }
}

extension ModuleStore {
    /// The newest `limit` audit records, of one entity or of all, oldest first.
    public func auditRecords(entity: String? = nil, limit: Int = 100) async throws -> [AuditRecord] {
        try await writer.read { db in try AuditLog.records(entity: entity, limit: limit, in: db) }
    }
}
