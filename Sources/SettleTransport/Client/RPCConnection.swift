public import NIOCore
import Synchronization
public import NIOPosix
public import SettleRPC
public import SettleWire

/// A client connection to a Settle host over its Unix socket; a `ClientTransport`.
///
/// Many calls share one connection concurrently (multiplexed by stream id). Callers that
/// make many small calls can run their tasks on `taskExecutor` to skip a thread hop per call.
public final class RPCConnection: ClientTransport, Sendable {
    public let socketPath: String
    public let channel: any Channel
    private let handler: NIOLoopBound<ClientConnectionHandler>

    /// Runs tasks on this connection's event loop (see `EventLoopTaskExecutor`).
    public let taskExecutor: EventLoopTaskExecutor

    public var eventLoop: any EventLoop { channel.eventLoop }

    /// Client-streaming messages at least this large are compressed on the caller's task,
    /// not on the loop (nil: the server takes no compressed requests).
    private let offLoopCompressionThreshold: Int?

    /// Below this, compressing on the loop costs less than the hop.
    static let offLoopCompressionMinimum = 64 * 1024

    private init(socketPath: String, channel: any Channel, handler: NIOLoopBound<ClientConnectionHandler>, compressionThreshold: Int?) {
        self.socketPath = socketPath
        self.channel = channel
        self.handler = handler
        self.offLoopCompressionThreshold = compressionThreshold.map { max($0, RPCConnection.offLoopCompressionMinimum) }
        self.taskExecutor = EventLoopTaskExecutor(eventLoop: channel.eventLoop)
    }

    /// Connects and completes the handshake (`compressRequests: false` sends every request
    /// uncompressed, e.g. to measure what compression buys), so a refused connection (wrong version, too many
    /// connections, not a Settle socket) fails here with the server's reason.
    public static func connect(
        to socketPath: String,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        limits: WireLimits = .defaults,
        agent: String = "settle-client",
        compressRequests: Bool = true
    ) async throws -> RPCConnection {
        let channel: any Channel
        // The handler is kept from the initializer, not looked up afterwards: a server that
        // refuses the connection (GOAWAY, then close) may tear the pipeline down before the
        // lookup runs, and its reason must still reach the caller.
        let installed = Mutex<(handler: NIOLoopBound<ClientConnectionHandler>, ready: EventLoopFuture<Void>)?>(nil)
        do {
            channel = try await ClientBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let ready = channel.eventLoop.makePromise(of: Void.self)
                        let sync = channel.pipeline.syncOperations
                        let handler = ClientConnectionHandler(limits: limits, agent: agent, compressRequests: compressRequests, ready: ready)
                        try sync.addHandler(ByteToMessageHandler(FrameDecoder(expectPreface: true, maxFrameBytes: limits.maxFrameBytes)))
                        try sync.addHandler(handler)
                        installed.withLock { $0 = (NIOLoopBound(handler, eventLoop: channel.eventLoop), ready.futureResult) }
                    }
                }
                .connect(unixDomainSocketPath: socketPath).get()
        } catch {
            throw RPCError(.unavailable, "cannot connect to \(socketPath): \(error)")
        }
        guard let (handler, ready) = installed.withLock({ $0 }) else {
            try? await channel.close()
            throw RPCError(.unavailable, "cannot connect to \(socketPath): the connection was set up without its handler")
        }
        do {
            try await ready.get()
        } catch {
            try? await channel.close()
            throw error
        }
        let threshold = try await channel.eventLoop.submit { handler.value.requestCompressionThreshold }.get()
        return RPCConnection(socketPath: socketPath, channel: channel, handler: handler, compressionThreshold: compressRequests ? threshold : nil)
    }

    /// A message deflated on the calling task with a compressor of its own (a zlib stream is
    /// not thread-safe; setting one up costs microseconds beside milliseconds of deflate);
    /// nil if deflate fails, and the message goes plain.
    private static func compressed(_ bytes: [UInt8]) -> ByteBuffer? {
        let allocator = ByteBufferAllocator()
        var buffer = allocator.buffer(bytes: bytes)
        guard let compressor = try? MessageCompressor() else { return nil }
        return try? compressor.compress(&buffer, allocator: allocator)
    }

    /// Runs `body` on the loop now if already there, else schedules it.
    private func onLoop<T: Sendable>(_ body: @escaping @Sendable (ClientConnectionHandler) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let handler = self.handler
        if eventLoop.inEventLoop { return body(handler.value) }
        return eventLoop.flatSubmit { body(handler.value) }
    }

    private func withCancellation<T: Sendable>(
        _ handle: CallHandle,
        _ operation: () async throws -> T
    ) async throws -> T {
        let handler = self.handler
        let loop = eventLoop
        return try await withTaskCancellationHandler {
            try await operation()
        } onCancel: {
            if let id = handle.cancel() {
                loop.executeOrRun { handler.value.cancel(id) }
            }
        }
    }

    public func unary(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] {
        // Resolved here, on the caller's task: the serving call's deadline is a task-local.
        let deadline = options.effectiveDeadline()
        let handle = CallHandle()
        return try await withCancellation(handle) {
            try await onLoop { handler in
                let promise = handler.context.eventLoop.makePromise(of: [UInt8].self)
                _ = handler.open(method, receiver: .single(promise, response: nil), deadline: deadline, metadata: options.metadata, handle: handle, request: request, endStream: true)
                return promise.futureResult
            }.get()
        }
    }

    public func serverStreaming(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> RPCAsyncSequence<[UInt8]> {
        let deadline = options.effectiveDeadline()
        let handle = CallHandle()
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let handler = self.handler
        let loop = eventLoop
        continuation.onTermination = { termination in
            if case .cancelled = termination, let id = handle.cancel() {
                loop.executeOrRun { handler.value.cancel(id) }
            }
        }
        _ = try await onLoop { handler in
            let opened = handler.open(method, receiver: .stream(continuation), deadline: deadline, metadata: options.metadata, handle: handle, request: request, endStream: true)
            return handler.context.eventLoop.makeSucceededFuture(opened != nil)
        }.get()
        return RPCAsyncSequence(stream)
    }

    public func clientStreaming(
        _ method: MethodDescriptor,
        options: CallOptions,
        requests: @escaping @Sendable (RPCWriter<[UInt8]>) async throws -> Void
    ) async throws -> [UInt8] {
        let deadline = options.effectiveDeadline()
        let handle = CallHandle()
        let handler = self.handler
        return try await withCancellation(handle) {
            let opened = try await onLoop { handler -> EventLoopFuture<(UInt32?, EventLoopFuture<[UInt8]>)> in
                let promise = handler.context.eventLoop.makePromise(of: [UInt8].self)
                let id = handler.open(method, receiver: .single(promise, response: nil), deadline: deadline, metadata: options.metadata, handle: handle, request: nil, endStream: false)
                return handler.context.eventLoop.makeSucceededFuture((id, promise.futureResult))
            }.get()
            let response = opened.1
            guard let id = opened.0 else { return try await response.get() }
            let threshold = offLoopCompressionThreshold
            let writer = RPCWriter<[UInt8]> { [self] bytes in
                if let threshold, bytes.count >= threshold, let compressed = Self.compressed(bytes) {
                    try await self.onLoop { $0.sendCompressed(id, compressed, uncompressedCount: bytes.count) }.get()
                } else {
                    try await self.onLoop { $0.send(id, bytes) }.get()
                }
            }
            do {
                try await requests(writer)
            } catch {
                eventLoop.executeOrRun { handler.value.cancel(id) }
                // When the server ended the call first, its status explains more than the writer's error.
                do { _ = try await response.get() } catch let serverError as RPCError where serverError.code != .cancelled {
                    throw serverError
                } catch {}
                throw error
            }
            eventLoop.executeOrRun { handler.value.halfClose(id) }
            return try await response.get()
        }
    }

    /// Closes the connection; calls still open fail with UNAVAILABLE.
    public func close() async {
        let handler = self.handler
        eventLoop.executeOrRun { handler.value.close() }
        try? await channel.closeFuture.get()
    }
}
