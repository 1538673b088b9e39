import NIOCore
import NIOConcurrencyHelpers
import SettleRPC

/// One call a client has open. Confined to the connection's event loop.
final class ClientCall {
    enum Receiver {
        /// Unary and client-streaming: one response message, then the status.
        case single(EventLoopPromise<[UInt8]>, response: [UInt8]?)
        /// Server-streaming: each message as it arrives, then the status.
        case stream(AsyncThrowingStream<[UInt8], any Error>.Continuation)
    }

    let id: UInt32
    let method: MethodDescriptor
    var receiver: Receiver
    var deadlineTimer: Scheduled<Void>?

    init(id: UInt32, method: MethodDescriptor, receiver: Receiver) {
        self.id = id
        self.method = method
        self.receiver = receiver
    }

    func deliver(_ bytes: [UInt8]) throws(RPCError) {
        switch receiver {
        case .single(let promise, let response):
            guard response == nil else {
                throw RPCError(.internalError, "\(method.fullName) sent more than one response message")
            }
            receiver = .single(promise, response: bytes)
        case .stream(let continuation):
            continuation.yield(bytes)
        }
    }

    func finish(_ error: RPCError?) {
        deadlineTimer?.cancel()
        deadlineTimer = nil
        switch receiver {
        case .single(let promise, let response):
            if let error {
                promise.fail(error)
            } else if let response {
                promise.succeed(response)
            } else {
                promise.fail(RPCError(.internalError, "\(method.fullName) ended without a response message"))
            }
        case .stream(let continuation):
            if let error { continuation.finish(throwing: error) } else { continuation.finish() }
        }
    }
}

/// Connects a caller's task to its stream id, which is only known once the event loop has
/// opened the stream, so that cancellation can reach the right stream from any thread.
final class CallHandle: Sendable {
    private let state = NIOLockedValueBox<(id: UInt32?, cancelled: Bool)>((nil, false))

    /// Records the stream id; returns false if the caller already cancelled.
    func opened(_ id: UInt32) -> Bool {
        state.withLockedValue { state in
            state.id = id
            return !state.cancelled
        }
    }

    var isCancelled: Bool { state.withLockedValue { $0.cancelled } }

    /// Marks the call cancelled; returns the stream id if it was already opened.
    func cancel() -> UInt32? {
        state.withLockedValue { state in
            state.cancelled = true
            return state.id
        }
    }
}
