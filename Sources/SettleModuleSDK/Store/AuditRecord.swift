public import GRDB
internal import SettleDomain

/// One stored audit record: an ``AuditEntry`` plus its place in the hash chain.
public struct AuditRecord: Sendable, Hashable, FetchableRecord {
    /// Position in the chain: 1, 2, 3, … with no gaps.
    public let sequence: UInt64
    /// When, as stored: UTC ISO-8601 with milliseconds (`2025-03-09T07:59:59.123Z`).
    public let at: String
    /// Who made the change (see ``AuditEntry/actor``).
    public let actor: String
    /// The method that made it.
    public let method: String
    /// What changed.
    public let entity: String
    /// The entity before the change; empty for a creation.
    public let before: String
    /// The entity after the change; empty for a removal.
    public let after: String
    /// Why, in the actor's words; may be empty.
    public let reason: String
    /// The previous record's ``hash`` (``AuditLog/genesisHash`` for record 1).
    public let prevHash: String
    /// Lower-case hex SHA-256 of the record's canonical encoding (see ``AuditLog``).
    public let hash: String

    /// Seals `entry` as record `sequence` after a record whose hash is `prevHash`.
    init(sequence: UInt64, entry: AuditEntry, prevHash: String) {
        self.sequence = sequence
        at = UTCTimestamp.string(from: entry.at)
        actor = entry.actor
        method = entry.method
        entity = entry.entity
        before = entry.before
        after = entry.after
        reason = entry.reason
        self.prevHash = prevHash
        hash = Self.chainHash(
            sequence: sequence, at: at, actor: actor, method: method, entity: entity,
            before: before, after: after, reason: reason, prevHash: prevHash)
    }

    /// Decodes a row of `settle_audit_log`; throws on a missing or mistyped column.
    public init(row: Row) throws {
        let sequence: Int64 = try row.decode(forColumn: "sequence")
        self.sequence = UInt64(clamping: sequence)
        at = try row.decode(forColumn: "at")
        actor = try row.decode(forColumn: "actor")
        method = try row.decode(forColumn: "method")
        entity = try row.decode(forColumn: "entity")
        before = try row.decode(forColumn: "before")
        after = try row.decode(forColumn: "after")
        reason = try row.decode(forColumn: "reason")
        prevHash = try row.decode(forColumn: "prev_hash")
        hash = try row.decode(forColumn: "hash")
    }

    /// The hash this record should carry, recomputed from its other fields.
    public var expectedHash: String {
        Self.chainHash(
            sequence: sequence, at: at, actor: actor, method: method, entity: entity,
            before: before, after: after, reason: reason, prevHash: prevHash)
    }

    /// Hashes the canonical encoding of a record's fields, as described on ``AuditLog``.
    static func chainHash(
        sequence: UInt64, at: String, actor: String, method: String, entity: String,
        before: String, after: String, reason: String, prevHash: String
    ) -> String {
        var hasher = SHA256()
        hasher.update("settle.audit.v1".utf8)
        for field in [String(sequence), at, actor, method, entity, before, after, reason, prevHash] {
            let length = UInt64(field.utf8.count)
            hasher.update(stride(from: 56, through: 0, by: -8).map { UInt8(truncatingIfNeeded: length >> UInt64($0)) })
            hasher.update(field.utf8)
        }
        return hex(hasher.finalized())
    }
}
