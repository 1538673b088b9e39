import CZlib
public import NIOCore

/// Why a compressed message could not be inflated; it ends that call, not the connection.
public enum DecompressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Inflating would exceed the message limit: refused as soon as the limit is passed.
    case messageTooLarge(limit: Int)
    case corrupt(String)

    public var description: String {
        switch self {
        case .messageTooLarge(let limit):
            "message inflates to more than the maximum message size of \(limit) bytes"
        case .corrupt(let why):
            "compressed message is not valid zlib data: \(why)"
        }
    }
}

/// Inflates incoming zlib (RFC 1950) messages without ever producing more than the limit.
///
/// Works on zlib directly (not through compress-nio) because the receiver must tell a
/// finished stream from a truncated one, refuse bytes after the end, and stop at exactly
/// `maxMessageBytes`: a small frame that would inflate to gigabytes costs at most the limit
/// in memory and the time to produce that much. One per connection; not thread-safe.
public final class MessageDecompressor {
    public let maxMessageBytes: Int
    private let stream: UnsafeMutablePointer<z_stream>
    private var initialized = false

    public init(maxMessageBytes: Int) throws(DecompressionError) {
        self.maxMessageBytes = maxMessageBytes
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard inflateInit_(stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("zlib could not be initialised")
        }
        initialized = true
    }

    deinit {
        if initialized { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// The whole message inflated from `compressed`, or why it cannot be.
    public func decompress(_ compressed: inout ByteBuffer, allocator: ByteBufferAllocator) throws(DecompressionError) -> ByteBuffer {
        guard inflateReset(stream) == Z_OK else { throw .corrupt("zlib could not be reset") }
        guard compressed.readableBytes > 0 else { throw .corrupt("the message is empty") }
        // Protobuf typically deflates 3–6×: start at 8× so most messages inflate in one pass.
        var output = allocator.buffer(capacity: min(max(compressed.readableBytes * 8, 4096), maxMessageBytes + 1))
        let limit = maxMessageBytes
        let stream = self.stream
        let outcome: Result<Void, DecompressionError> = compressed.withUnsafeReadableBytes { input in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.pointee.avail_in = UInt32(input.count)
            while true {
                if output.writableBytes == 0 {
                    output.reserveCapacity(minimumWritableBytes: min(max(output.capacity, 4096), limit + 1 - output.readableBytes))
                }
                // Never let zlib write past one byte beyond the limit, whatever the buffer's capacity.
                let budget = min(output.writableBytes, limit + 1 - output.readableBytes)
                let (code, written) = output.withUnsafeMutableWritableBytes { out -> (Int32, Int) in
                    stream.pointee.next_out = out.bindMemory(to: Bytef.self).baseAddress
                    stream.pointee.avail_out = UInt32(budget)
                    let code = inflate(stream, Z_NO_FLUSH)
                    return (code, budget - Int(stream.pointee.avail_out))
                }
                output.moveWriterIndex(forwardBy: written)
                if output.readableBytes > limit { return .failure(.messageTooLarge(limit: limit)) }
                switch code {
                case Z_STREAM_END:
                    if stream.pointee.avail_in != 0 {
                        return .failure(.corrupt("\(stream.pointee.avail_in) bytes after the end of the stream"))
                    }
                    return .success(())
                case Z_OK, Z_BUF_ERROR:
                    // Out of input with room left for output: the stream stops before its end.
                    if stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 {
                        return .failure(.corrupt("the stream ends before the message does"))
                    }
                case Z_DATA_ERROR:
                    let reason = stream.pointee.msg.map { String(cString: $0) } ?? "invalid data"
                    return .failure(.corrupt(reason))
                default:
                    return .failure(.corrupt("zlib error \(code)"))
                }
            }
        }
        try outcome.get()
        compressed.moveReaderIndex(to: compressed.writerIndex)
        return output
    }
}
