/// SHA-256 of bytes a module writes out for people and other systems (a disbursement file, an
/// export), as lower-case hex: an operator tells a file written again is the same file by it.
/// The same digest the audit chain uses, so a module needs no hash of its own.
public func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
    hex(SHA256.hash(bytes))
}
