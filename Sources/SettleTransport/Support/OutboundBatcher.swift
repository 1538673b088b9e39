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

    var pendingBytes: Int { pending.readableBytes }

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

    /// Hands over what is pending (nil when nothing is) and starts a fresh buffer.
    ///
    /// The caller writes the returned buffer after this returns, so the batcher is not being
    /// mutated while NIO writes: a write can re-enter the handler (a failed write closes the
    /// channel, which fires channelInactive and channelReadComplete), and it may flush again.
    mutating func take(allocator: ByteBufferAllocator) -> ByteBuffer? {
        flushScheduled = false
        guard pending.readableBytes > 0 else { return nil }
        let out = pending
        pending = allocator.buffer(capacity: max(4096, out.readableBytes))
        return out
    }
}
