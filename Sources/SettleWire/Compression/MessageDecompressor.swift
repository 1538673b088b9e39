public import NIOCore
import CompressNIO

/// Why a compressed message could not be inflated; it ends that call, not the connection.
public enum DecompressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Inflating would exceed the message limit: refused as soon as the limit is reached.
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

/// Inflates incoming zlib messages without ever producing more than the message limit.
///
/// The output buffer starts near the input's size and grows on demand up to the limit, so a
/// small frame that would inflate to gigabytes costs at most `maxMessageBytes` of memory
/// and the time to produce that much, then is refused.
public final class MessageDecompressor {
    private let zlib: ZlibDecompressor
    public let maxMessageBytes: Int

    public init(maxMessageBytes: Int) throws {
        self.maxMessageBytes = maxMessageBytes
        zlib = try ZlibDecompressor(algorithm: .zlib)
    }

    public func decompress(_ compressed: inout ByteBuffer, allocator: ByteBufferAllocator) throws(DecompressionError) -> ByteBuffer {
        do {
            try zlib.reset()
        } catch {
            throw .corrupt("\(error)")
        }
        // Protobuf typically deflates 3–6×: start at 8× so most messages inflate in one pass.
        var capacity = min(max(compressed.readableBytes * 8, 4096), maxMessageBytes)
        var output = allocator.buffer(capacity: capacity)
        while true {
            do {
                try zlib.inflate(from: &compressed, to: &output)
                return output
            } catch let error as CompressNIOError where error == .bufferOverflow {
                guard capacity < maxMessageBytes else { throw .messageTooLarge(limit: maxMessageBytes) }
                capacity = min(capacity * 2, maxMessageBytes)
                output.reserveCapacity(minimumWritableBytes: capacity - output.readableBytes)
            } catch let error as CompressNIOError where error == .inputBufferOverflow {
                throw .corrupt("the stream ends before the message does")
            } catch {
                throw .corrupt("\(error)")
            }
        }
    }
}
