/// HMAC-SHA256 (RFC 2104) with the operator's anchor key, so an anchor of an audit chain's
/// head cannot be forged or edited by someone who can write the anchor file but does not
/// hold the key.
public struct AuditAnchorKey: Sendable {
    private let key: [UInt8]

    /// A key of any length (longer than the 64-byte block: hashed first, as RFC 2104 says).
    public init(_ bytes: [UInt8]) {
        key = bytes.count > 64 ? SHA256.hash(bytes) : bytes
    }

    /// Lower-case hex HMAC-SHA256 of `message`.
    public func mac(_ message: some Sequence<UInt8>) -> String {
        let block = key + [UInt8](repeating: 0, count: 64 - key.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(inner.finalized())
        return hex(outer.finalized())
    }

    /// Lower-case hex SHA-256 of `bytes` (a file's key, a fingerprint).
    public static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        hex(SHA256.hash(bytes))
    }
}
