import NIOCore
import SettleWire

/// A small zlib stream that inflates far beyond a host's message limit.
enum ZlibBomb {
    static func make(inflatedBytes: Int) throws -> [UInt8] {
        let allocator = ByteBufferAllocator()
        var zeros = allocator.buffer(repeating: 0, count: inflatedBytes)
        let compressed = try MessageCompressor().compress(&zeros, allocator: allocator)
        return Array(compressed.readableBytesView)
    }
}
