public import GRDB

/// The result of re-checking the audit chain: intact, or where it first breaks and how.
public struct AuditVerification: Sendable, Hashable, CustomStringConvertible {
    /// True when every record's hash, link and sequence number checked out.
    public let intact: Bool
    /// Records examined: all of them when intact, else up to and including the first bad one.
    public let recordsChecked: UInt64
    /// The sequence number of the first bad record, or `nil` when intact.
    public let firstBrokenSequence: UInt64?
    /// What is wrong with that record (hash mismatch, broken link, gap in sequence); empty when intact.
    public let problem: String

    /// One line for logs and the CLI: intact with a count, or the first bad record and why.
    public var description: String {
        if intact { return "audit chain intact (\(recordsChecked) records)" }
        return "audit chain broken at record \(firstBrokenSequence.map(String.init) ?? "?"): \(problem)"
    }
}

extension AuditLog {
    /// Recomputes every record's hash and link, in sequence order, stopping at the first bad record.
    ///
    /// Detects an edited field (hash mismatch), a record re-hashed after editing or replaced
    /// (broken link to the previous hash), and a removed record (gap in sequence). A removal
    /// of the newest records alone leaves a shorter, valid chain; compare
    /// ``AuditVerification/recordsChecked`` with an external count (a backup, a report) to
    /// catch that.
    public static func verify(in db: Database) throws -> AuditVerification {
        var checked: UInt64 = 0
        var previousHash = genesisHash
        let records = try AuditRecord.fetchCursor(db, sql: "SELECT * FROM settle_audit_log ORDER BY sequence")
        while let record = try records.next() {
            checked += 1
            let expected = checked
            let problem: String?
            if record.sequence != expected {
                problem = record.sequence > expected
                    ? "gap in sequence: record \(record.sequence) follows record \(expected - 1); "
                        + (record.sequence - expected == 1
                            ? "record \(expected) is missing"
                            : "records \(expected)–\(record.sequence - 1) are missing")
                    : "bad sequence number \(record.sequence) where \(expected) was expected"
            } else if record.expectedHash != record.hash {
                problem = "hash mismatch: stored \(record.hash) but its fields hash to \(record.expectedHash) "
                    + "(a field was changed)"
            } else if record.prevHash != previousHash {
                problem = "broken link: prev_hash \(record.prevHash) does not match "
                    + (expected == 1 ? "the genesis hash" : "record \(expected - 1)'s hash \(previousHash)")
            } else {
                problem = nil
            }
            if let problem {
                return AuditVerification(
                    intact: false, recordsChecked: checked, firstBrokenSequence: record.sequence, problem: problem)
            }
            previousHash = record.hash
        }
        return AuditVerification(intact: true, recordsChecked: checked, firstBrokenSequence: nil, problem: "")
    }
}

extension ModuleStore {
    /// Re-checks the whole audit chain from a read snapshot, naming the first bad record.
    public func verifyAuditChain() async throws -> AuditVerification {
        try await writer.read { db in try AuditLog.verify(in: db) }
    }
}
