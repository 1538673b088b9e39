import NIOCore
import SettleWire

/// Gathers frames written during one pass of the event loop into one buffer and one flush.
///
/// Fewer syscalls and wake-ups per call is most of what makes the socket path fast.
struct OutboundBatcher {
    private var pending: ByteBuffer
    private(set) var flushScheduled = false

    init(allocator: ByteBufferAllocator) {
        pending = allocator.buffer(capacity: 4096)
    }

    var hasPending: Bool { pending.readableBytes > 0 }

    mutating func append(type: FrameType, flags: FrameFlags = [], streamID: UInt32, bytes: some Collection<UInt8>) {
        pending.writeFrame(type: type, flags: flags, streamID: streamID, bytes: bytes)
    }

    mutating func append(type: FrameType, flags: FrameFlags = [], streamID: UInt32, payload: ByteBuffer) {
        pending.writeFrame(type: type, flags: flags, streamID: streamID, payload: payload)
    }

    mutating func appendRaw(_ bytes: [UInt8]) {
        pending.writeBytes(bytes)
    }

    /// Marks a flush as scheduled; returns false if one already is.
    mutating func claimFlush() -> Bool {
        if flushScheduled { return false }
        flushScheduled = true
        return true
    }

    /// Writes and flushes whatever is pending on `context`.
    mutating func flush(context: ChannelHandlerContext) -> EventLoopFuture<Void>? {
        flushScheduled = false
        guard pending.readableBytes > 0 else { return nil }
        let out = pending
        pending = context.channel.allocator.buffer(capacity: max(4096, out.readableBytes))
        return context.writeAndFlush(NIOAny(out))
    }
}
