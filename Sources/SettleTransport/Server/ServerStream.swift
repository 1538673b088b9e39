import NIOCore
import SettleRPC

/// One call in progress on a server connection. Confined to the connection's event loop.
final class ServerStream {
    let id: UInt32
    let method: RegisteredMethod
    let context: ServerContext
    /// The handler's task once started; cancelled on CANCEL, deadline, disconnect.
    var task: Task<Void, Never>?
    var deadlineTimer: Scheduled<Void>?
    /// For client streaming: where request messages go.
    var requests: AsyncThrowingStream<[UInt8], any Error>.Continuation?
    /// For unary and server streaming: whether the one request message arrived.
    var receivedRequest = false
    var clientHalfClosed = false
    /// Request bytes delivered to the handler's stream but not yet read by it.
    var bufferedRequestBytes = 0
    /// For server streaming: the handler's written messages on their way to the loop.
    var outbox: StreamOutbox?

    init(id: UInt32, method: RegisteredMethod, context: ServerContext) {
        self.id = id
        self.method = method
        self.context = context
    }

    /// Stops everything the call started; the caller sends (or has sent) its TRAILERS.
    func abandon() {
        deadlineTimer?.cancel()
        deadlineTimer = nil
        task?.cancel()
        requests?.finish(throwing: CancellationError())
        requests = nil
        outbox?.close()
    }
}
