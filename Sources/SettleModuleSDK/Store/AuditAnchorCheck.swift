public import GRDB

/// A head of an audit chain written somewhere the store cannot rewrite (see the host's anchor
/// file): the chain had `sequence` records and the newest hashed to `hash`.
public struct AuditHead: Sendable, Hashable {
    public let sequence: UInt64
    public let hash: String
    /// Where and when it was written, for messages: "anchor of 2026-12-02T07:40:00Z (backup)".
    public let label: String

    public init(sequence: UInt64, hash: String, label: String) {
        self.sequence = sequence
        self.hash = hash
        self.label = label
    }
}

extension AuditLog {
    /// Checks the chain in `db` against heads written outside it, oldest first; the first
    /// that does not hold, as (sequence, problem), or nil when all hold.
    ///
    /// The chain's own ``verify(in:)`` cannot see records removed from its end, nor a record
    /// edited with every later record re-hashed: both leave a valid chain. An anchor can: the
    /// chain must still hold its record, with its hash.
    public static func check(against heads: [AuditHead], in db: Database) throws -> (sequence: UInt64, problem: String)? {
        let end = try head(in: db).sequence
        for anchored in heads where anchored.sequence > 0 {
            guard anchored.sequence <= end else {
                return (end + 1, "truncated: the \(anchored.label) says the chain had \(anchored.sequence) records, "
                        + "but it ends at record \(end): records \(end + 1)–\(anchored.sequence) were removed")
            }
            let stored = try String.fetchOne(db, sql: "SELECT hash FROM settle_audit_log WHERE sequence = ?", arguments: [Int64(clamping: anchored.sequence)])
            guard stored == anchored.hash else {
                return (anchored.sequence, "re-chained: record \(anchored.sequence) hashes to \(stored ?? "nothing"), "
                        + "but the \(anchored.label) recorded \(anchored.hash): records up to it were changed and the chain re-hashed")
            }
        }
        return nil
    }
}
