import NIOCore
import Synchronization

/// Messages a server-streaming handler has written but the event loop has not yet framed.
///
/// The handler runs off the loop (see `ServerConnectionHandler.startServerStreaming`); hopping
/// to the loop for every message would cost a thread wake-up each. Instead writes gather here
/// and one scheduled drain frames all of them, and a writer waits only when too much is
/// pending or the socket is full — the stream's backpressure.
final class StreamOutbox: Sendable {
    private struct State {
        var messages: [[UInt8]] = []
        var bytes = 0
        var drainScheduled = false
        var socketFull = false
        var closed = false
        var waiters: [CheckedContinuation<Void, any Error>] = []
    }

    private let state = Mutex(State())
    /// Pending bytes above which a writer waits for the loop to catch up.
    static let highWater = 256 << 10

    /// Queues a message; returns whether the caller must schedule a drain.
    func enqueue(_ message: [UInt8]) throws -> Bool {
        try state.withLock { state in
            if state.closed { throw CancellationError() }
            state.messages.append(message)
            state.bytes += message.count
            defer { state.drainScheduled = true }
            return !state.drainScheduled
        }
    }

    /// Waits while the loop is behind or the socket is full; returns at once otherwise.
    func waitForRoom() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let resumeNow: Result<Void, any Error>? = state.withLock { state in
                if state.closed { return .failure(CancellationError()) }
                if state.bytes <= Self.highWater && !state.socketFull { return .success(()) }
                state.waiters.append(continuation)
                return nil
            }
            if let resumeNow { continuation.resume(with: resumeNow) }
        }
    }

    /// Takes everything queued (on the loop), noting whether the socket can take more.
    func drain(socketWritable: Bool) -> [[UInt8]] {
        let (messages, waiters) = state.withLock { state -> ([[UInt8]], [CheckedContinuation<Void, any Error>]) in
            let messages = state.messages
            state.messages.removeAll(keepingCapacity: true)
            state.bytes = 0
            state.drainScheduled = false
            state.socketFull = !socketWritable
            let waiters = socketWritable ? state.waiters : []
            if socketWritable { state.waiters.removeAll() }
            return (messages, waiters)
        }
        for waiter in waiters { waiter.resume() }
        return messages
    }

    /// The socket stopped taking data: the next writer waits until it has room.
    func socketIsFull() {
        state.withLock { $0.socketFull = true }
    }

    /// The socket has room again: writers waiting on it continue.
    func socketBecameWritable() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.socketFull = false
            guard state.bytes <= Self.highWater else { return [] }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// The call ended: later writes fail and waiting writers are released with cancellation.
    func close() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.closed = true
            state.messages.removeAll()
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(throwing: CancellationError()) }
    }
}
