import SettleClient

/// A small zlib stream that inflates far beyond a host's message limit.
enum ZlibBomb {
    static func make(inflatedBytes: Int) throws -> [UInt8] {
        try WireCompression.compress([UInt8](repeating: 0, count: inflatedBytes))
    }
}
