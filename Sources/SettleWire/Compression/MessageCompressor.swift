public import NIOCore
import CompressNIO

/// Deflates outgoing messages into zlib (RFC 1950) streams.
///
/// One per connection: a zlib stream is not thread-safe, and reusing it (reset between
/// messages) avoids re-allocating its window for every message.
public final class MessageCompressor {
    private let zlib: ZlibCompressor

    /// Level 1 trades a little ratio for speed: messages are mostly repetitive protobuf.
    public init() throws {
        zlib = try ZlibCompressor(
            algorithm: .zlib,
            configuration: ZlibConfiguration(windowSize: 15, compressionLevel: 1, memoryLevel: 8)
        )
    }

    /// The compressed form of `message`, written to a new buffer from `allocator`.
    public func compress(_ message: inout ByteBuffer, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        try zlib.reset()
        var output = allocator.buffer(capacity: zlib.maxSize(from: message))
        try zlib.deflate(from: &message, to: &output, flush: .finish)
        return output
    }
}
