import Foundation
import SettleDomain
import SettleModuleSDK
import Synchronization

/// One written head of a module's audit chain: the chain had `sequence` records and the
/// newest hashed to `hash`, at `at`, written because of `why` (periodic, backup, stop, restore).
struct AuditAnchor: Sendable, Hashable {
    let module: String
    let sequence: UInt64
    let hash: String
    let at: String
    let why: String
    let mac: String
    /// Line number in the anchor file.
    let line: Int

    /// The bytes the MAC covers: every field, in order, newline-separated, after a tag.
    var signedText: String { "settle.anchor.v1\n\(module)\n\(sequence)\n\(hash)\n\(at)\n\(why)" }
}

/// The host's append-only file of audit-chain heads: one JSON object a line, written with
/// O_APPEND and fsync'd, outside every module's store, so no module — and no one who edits a
/// store — can rewrite it; with `audit.anchorKeyFile` each line carries an HMAC-SHA256 under
/// the operator's key, so neither can anyone who can write the file but lacks the key.
///
/// `settle audit verify` checks the store's chain against every anchor since the module's last
/// restore: a chain shorter than an anchor was truncated; a record whose hash is not the one
/// anchored was re-chained (edited, then everything after it re-hashed).
final class AuditAnchors: Sendable {
    let path: String
    let key: AuditAnchorKey?
    /// The newest head written per module, so periodic anchors are written only when it moved.
    private let written = Mutex<[String: UInt64]>([:])

    /// - Throws: a ``ConfigurationError`` when the key file is named but unreadable or shorter than 16 bytes.
    init(path: String, keyFile: String?) throws {
        self.path = path
        if let keyFile {
            guard let bytes = FileManager.default.contents(atPath: keyFile) else {
                throw ConfigurationError(description: "audit.anchorKeyFile \(keyFile) cannot be read")
            }
            let trimmed = Array(bytes).reversed().drop { $0 == 10 || $0 == 13 }.reversed()
            guard trimmed.count >= 16 else {
                throw ConfigurationError(description: "audit.anchorKeyFile \(keyFile) holds \(trimmed.count) bytes; give at least 16 (e.g. head -c 32 /dev/urandom | base64)")
            }
            key = AuditAnchorKey(Array(trimmed))
        } else {
            key = nil
        }
    }

    /// Appends the head `(sequence, hash)` of `module`'s chain, unless `onlyIfMoved` and it is
    /// the head last written.
    func append(module: String, sequence: UInt64, hash: String, why: String, onlyIfMoved: Bool = false) throws {
        if onlyIfMoved, written.withLock({ $0[module] }) == sequence { return }
        let at = UTCTimestamp.seconds(from: Date())
        let draft = AuditAnchor(module: module, sequence: sequence, hash: hash, at: at, why: why, mac: "", line: 0)
        var object: [String: Any] = ["module": module, "sequence": sequence, "hash": hash, "at": at, "why": why]
        if let key { object["mac"] = key.mac(Array(draft.signedText.utf8)) }
        var line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        line.append(10)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw AnchorError("cannot open the audit anchor file \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let count = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard count == line.count else { throw AnchorError("cannot append to the audit anchor file \(path): \(String(cString: strerror(errno)))") }
        guard fsync(descriptor) == 0 else { throw AnchorError("cannot sync the audit anchor file \(path): \(String(cString: strerror(errno)))") }
        written.withLock { $0[module] = sequence }
    }

    /// The module's anchors since its last restore, and what is wrong with the file: lines that
    /// do not parse, and — when keyed — lines whose MAC is missing or wrong.
    func anchors(of module: String) -> (anchors: [AuditAnchor], problems: [String]) {
        guard let data = FileManager.default.contents(atPath: path) else { return ([], []) }
        var anchors: [AuditAnchor] = []
        var problems: [String] = []
        for (index, text) in data.split(separator: 10, omittingEmptySubsequences: false).enumerated() where !text.isEmpty {
            let line = index + 1
            guard let object = (try? JSONSerialization.jsonObject(with: Data(text))) as? [String: Any],
                  let name = object["module"] as? String, let sequence = (object["sequence"] as? NSNumber)?.uint64Value,
                  let hash = object["hash"] as? String, let at = object["at"] as? String, let why = object["why"] as? String
            else {
                problems.append("line \(line) of \(path) is not an anchor")
                continue
            }
            guard name == module else { continue }
            let anchor = AuditAnchor(module: name, sequence: sequence, hash: hash, at: at, why: why, mac: object["mac"] as? String ?? "", line: line)
            if let key, key.mac(Array(anchor.signedText.utf8)) != anchor.mac {
                problems.append("anchor on line \(line) of \(path) (record \(sequence), \(at)) \(anchor.mac.isEmpty ? "has no MAC" : "has a MAC that does not match the anchor key"): the anchor file was edited")
                continue
            }
            if why == "restore" { anchors.removeAll() }
            anchors.append(anchor)
        }
        return (anchors, problems)
    }

    /// The newest head written for `module` this run (tests, diagnostics).
    func lastWritten(_ module: String) -> UInt64? { written.withLock { $0[module] } }
}

struct AnchorError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
