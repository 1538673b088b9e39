import NIOCore
import SettleWire

/// The wire's message compression (WIRE.md) on plain bytes, for clients that build frames
/// themselves: hostile-client tests (`settle-driver abuse` sends a zlib bomb in a raw frame)
/// and figures of what compression buys. A `SettleClient` compresses its own calls; ordinary
/// clients never need this.
public enum WireCompression {
    /// `bytes` compressed exactly as a Settle peer compresses a message payload.
    public static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        let allocator = ByteBufferAllocator()
        var buffer = allocator.buffer(bytes: bytes)
        let compressed = try MessageCompressor().compress(&buffer, allocator: allocator)
        return Array(compressed.readableBytesView)
    }

    /// The compressed size of each message, through one compressor reset between messages,
    /// as one connection compresses them.
    public static func compressedSizes(of messages: [[UInt8]]) throws -> [Int] {
        let compressor = try MessageCompressor()
        return try messages.map { bytes in
            var buffer = ByteBuffer(bytes: bytes)
            return try compressor.compress(&buffer, allocator: ByteBufferAllocator()).readableBytes
        }
    }
}
