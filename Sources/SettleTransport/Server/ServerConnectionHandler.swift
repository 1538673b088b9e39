import Logging
import NIOCore
import SettleRPC
import SettleWire

/// Serves one client connection: handshake, stream table, dispatch to handlers, limits,
/// deadlines, cancellation and graceful shutdown. Confined to the channel's event loop.
///
/// A misbehaving client is answered with a GOAWAY naming its mistake and disconnected; the
/// failure never leaves this connection.
final class ServerConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = WireEvent
    typealias OutboundOut = ByteBuffer

    /// Sent through the pipeline by the server: a graceful shutdown, a forced close, or an
    /// idle connection closed to make room for a new one (`ConnectionAdmission`).
    enum ShutdownEvent: Sendable { case graceful, force, evictIdle }

    /// What the handler tells the server about its connection, for admission decisions.
    enum ActivityEvent: Sendable { case idle, busy }

    private let router: Router
    private let configuration: ServerConfiguration
    private let logger: Logger
    /// Why the connection is refused (over a connection limit); nil when it is served.
    private let refusal: String?
    private let peer: PeerIdentity
    private let activity: @Sendable (ActivityEvent) -> Void

    private var machine: ServerConnectionStateMachine
    private var backPressure: ReadBackPressure
    private var streams: [UInt32: ServerStream] = [:]
    private var context: ChannelHandlerContext!
    private var batcher: OutboundBatcher!
    private var executor: EventLoopTaskExecutor!
    /// Made when the first message is compressed: most connections never compress, and a
    /// deflate stream holds a few hundred KiB.
    private var compressor: MessageCompressor?
    private var decompressor: MessageDecompressor?
    private var handshakeTimer: Scheduled<Void>?
    private var idleTimer: Scheduled<Void>?
    private var lastActivity = NIODeadline.now()

    init(
        router: Router,
        configuration: ServerConfiguration,
        logger: Logger,
        peer: PeerIdentity,
        refusal: String? = nil,
        activity: @escaping @Sendable (ActivityEvent) -> Void = { _ in }
    ) {
        self.router = router
        self.configuration = configuration
        self.logger = logger
        self.peer = peer
        self.refusal = refusal
        self.activity = activity
        self.machine = ServerConnectionStateMachine(maxConcurrentStreams: configuration.limits.maxConcurrentStreams)
        self.backPressure = ReadBackPressure(bound: configuration.connectionLimits.maxOutboundBytes)
    }

    private var state: ServerConnectionStateMachine.Phase { machine.phase }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        batcher = OutboundBatcher(allocator: context.channel.allocator)
        executor = EventLoopTaskExecutor(eventLoop: context.eventLoop)
        if context.channel.isActive { startHandshakeTimer(context: context) }
    }

    /// Lets go of the context: it holds this handler, so keeping it would keep the handler,
    /// its buffers and the channel alive after the connection ends — memory kept for every
    /// connection ever made. Timers, handler tasks and write completions that arrive later
    /// find the handler detached and do nothing.
    func handlerRemoved(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        handshakeTimer = nil
        idleTimer?.cancel()
        idleTimer = nil
        for stream in streams.values { stream.abandon() }
        streams.removeAll()
        self.context = nil
    }

    /// Whether the handler is still in its pipeline (late callbacks check it first).
    private var isAttached: Bool { context != nil }

    func channelActive(context: ChannelHandlerContext) {
        startHandshakeTimer(context: context)
        context.fireChannelActive()
    }

    private func startHandshakeTimer(context: ChannelHandlerContext) {
        guard handshakeTimer == nil, state == .awaitingPreface else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        handshakeTimer = context.eventLoop.scheduleTask(in: configuration.handshakeTimeout.timeAmount) {
            bound.value.handshakeTimedOut()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActivity = .now()
        switch unwrapInboundIn(data) {
        case .preface:
            receivedPreface()
        case .frame(let frame):
            do {
                try receive(frame)
            } catch {
                failConnection(error)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushNow()
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            for stream in streams.values { stream.outbox?.socketBecameWritable() }
        }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let wire = error as? WireError {
            switch wire {
            case .badPreface:
                logger.info("closing connection that is not a Settle peer", metadata: ["peer": "\(peer)", "problem": "\(wire)"])
                closeConnection()
                return
            case .unsupportedVersion:
                batcher.appendRaw(Preface.bytes())
            default:
                break
            }
            failConnection(wire)
        } else {
            logger.info("connection error", metadata: ["peer": "\(peer)", "error": "\(error)"])
            closeConnection()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        _ = machine.close()
        handshakeTimer?.cancel()
        handshakeTimer = nil
        idleTimer?.cancel()
        idleTimer = nil
        for stream in streams.values { stream.abandon() }
        streams.removeAll()
        compressor = nil
        decompressor = nil
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event as? ShutdownEvent {
        case .graceful?: beginDraining(reason: "server is shutting down")
        case .force?: forceClose()
        case .evictIdle?: evictIdle()
        case nil: context.fireUserInboundEventTriggered(event)
        }
    }

    // MARK: Handshake

    private func receivedPreface() {
        batcher.appendRaw(Preface.bytes())
        guard machine.receivedPreface(admitted: refusal == nil) else {
            sendGoAway(code: .resourceExhausted, message: refusal ?? "connection refused")
            closeConnection()
            return
        }
        batcher.append(
            type: .settings, streamID: 0,
            bytes: ControlMessages.settings(configuration.limits, agent: configuration.agent, isServer: true)
        )
    }

    private func handshakeTimedOut() {
        guard isAttached else { return }
        guard case .close(let sendGoAway) = machine.handshakeTimedOut() else { return }
        logger.info("handshake timed out", metadata: ["peer": "\(peer)"])
        if sendGoAway {
            self.sendGoAway(code: .deadlineExceeded, message: "no SETTINGS within the handshake timeout")
        }
        closeConnection()
    }

    private func handshakeCompleted() {
        handshakeTimer?.cancel()
        handshakeTimer = nil
        activity(.idle)
        scheduleIdleCheck(after: configuration.idleTimeout.timeAmount)
    }

    // MARK: Frames

    private func receive(_ frame: Frame) throws(WireError) {
        switch try machine.receive(frame) {
        case .ignore:
            break
        case .handshakeComplete:
            handshakeCompleted()
        case .pong:
            batcher.append(type: .pong, streamID: 0, payload: frame.payload)
        case .refuseStream(let id, let error):
            sendTrailers(id, error)
        case .openStream(let id):
            openStream(id, frame.payload)
        case .streamFrame(let id):
            guard let stream = streams[id] else { return }
            switch frame.type {
            case .message: receiveMessage(stream, frame)
            case .halfClose: halfClose(stream)
            default: receiveCancel(stream)
            }
        }
    }

    /// Longest method name answered by name: a longer one is refused without echoing it.
    static let maxMethodNameBytes = 512

    private func openStream(_ id: UInt32, _ payload: ByteBuffer) {
        var headers: Settle_Wire_V1_RequestHeaders
        do {
            headers = try ControlMessages.decode(Settle_Wire_V1_RequestHeaders.self, from: payload)
        } catch {
            sendTrailers(id, RPCError(.invalidArgument, "HEADERS of stream \(id) are not a valid settle.wire.v1.RequestHeaders"))
            return
        }
        guard headers.method.utf8.count <= Self.maxMethodNameBytes else {
            sendTrailers(id, RPCError(.unimplemented, "method name of \(headers.method.utf8.count) bytes is longer than any method (limit \(Self.maxMethodNameBytes))"))
            return
        }
        let caller: PeerIdentity
        do {
            caller = try ForwardedIdentity.resolve(&headers.metadata, connectionPeer: peer, trustedHostUIDs: configuration.trustedHostUIDs)
        } catch {
            logger.notice("refused forwarded identity", metadata: ["peer": "\(peer)", "method": "\(headers.method)"])
            sendTrailers(id, error)
            return
        }
        let registered: RegisteredMethod
        do {
            registered = try router.resolve(headers.method, for: caller)
        } catch {
            if error.code == .permissionDenied {
                logger.notice("permission denied", metadata: ["peer": "\(caller)", "method": "\(headers.method)"])
            }
            sendTrailers(id, error)
            return
        }
        let timeout = min(headers.timeoutMicros, Self.maxTimeoutMicros)
        let deadline: ContinuousClock.Instant? = timeout > 0 ? .now + .microseconds(Int64(timeout)) : nil
        let context = ServerContext(method: registered.descriptor, peer: caller, deadline: deadline, metadata: headers.metadata)
        let stream = ServerStream(id: id, method: registered, context: context)
        streams[id] = stream
        machine.streamOpened(id)
        if machine.openStreams.count == 1 { activity(.busy) }
        if timeout > 0 {
            let bound = NIOLoopBound(self, eventLoop: self.context.eventLoop)
            stream.deadlineTimer = self.context.eventLoop.scheduleTask(in: .microseconds(Int64(timeout))) {
                bound.value.deadlineExpired(id)
            }
        }
        if case .clientStreaming(let handler) = registered.handler {
            startClientStreaming(stream, handler)
        }
    }

    /// Longest deadline honoured (WIRE.md §11.2): larger `timeout_micros` values are clamped
    /// to one day, which is also what keeps the timer arithmetic in range.
    static let maxTimeoutMicros: UInt64 = 86_400 * 1_000_000

    private func receiveMessage(_ stream: ServerStream, _ frame: Frame) {
        let bytes: [UInt8]
        do {
            bytes = try messageBytes(frame)
        } catch {
            endStream(stream, error)
            return
        }
        switch stream.method.handler {
        case .unary(let handler):
            guard !stream.receivedRequest else {
                endStream(stream, RPCError(.invalidArgument, "\(stream.method.descriptor.fullName) is unary but received a second request message"))
                return
            }
            stream.receivedRequest = true
            hold(bytes.count, for: stream)
            startUnary(stream, handler, bytes)
        case .serverStreaming(let handler):
            guard !stream.receivedRequest else {
                endStream(stream, RPCError(.invalidArgument, "\(stream.method.descriptor.fullName) takes one request message but received a second"))
                return
            }
            stream.receivedRequest = true
            hold(bytes.count, for: stream)
            startServerStreaming(stream, handler, bytes)
        case .clientStreaming:
            guard !stream.clientHalfClosed else {
                endStream(stream, RPCError(.invalidArgument, "request message after the client ended its stream"))
                return
            }
            hold(bytes.count, for: stream)
            stream.requests?.yield(bytes)
        }
        if frame.flags.contains(.endStream) { halfClose(stream) }
    }

    /// The message's bytes, inflated if compressed, never more than the message limit.
    private func messageBytes(_ frame: Frame) throws(RPCError) -> [UInt8] {
        let limit = configuration.limits.maxMessageBytes
        var payload = frame.payload
        if frame.flags.contains(.compressed) {
            if decompressor == nil { decompressor = try? MessageDecompressor(maxMessageBytes: limit) }
            guard let decompressor else { throw RPCError(.internalError, "decompression is unavailable") }
            do {
                let inflated = try decompressor.decompress(&payload, allocator: context.channel.allocator)
                return Array(inflated.readableBytesView)
            } catch {
                switch error {
                case .messageTooLarge: throw RPCError(.resourceExhausted, error.description)
                case .corrupt: throw RPCError(.invalidArgument, error.description)
                }
            }
        }
        guard payload.readableBytes <= limit else {
            throw RPCError(.resourceExhausted, "message of \(payload.readableBytes) bytes exceeds the maximum message size of \(limit) bytes")
        }
        return Array(payload.readableBytesView)
    }

    private func halfClose(_ stream: ServerStream) {
        stream.clientHalfClosed = true
        switch stream.method.handler {
        case .clientStreaming:
            stream.requests?.finish()
            stream.requests = nil
        case .unary, .serverStreaming:
            if !stream.receivedRequest {
                endStream(stream, RPCError(.invalidArgument, "\(stream.method.descriptor.fullName) ended its request stream without a request message"))
            }
        }
    }

    private func receiveCancel(_ stream: ServerStream) {
        guard removeStream(stream.id) != nil else { return }
        stream.abandon()
        releaseBufferedRequests(of: stream)
        sendTrailers(stream.id, RPCError(.cancelled, "cancelled by the client"))
        streamEnded()
    }

    // MARK: Running handlers

    private func startUnary(_ stream: ServerStream, _ handler: @escaping @Sendable ([UInt8], ServerContext) async throws -> [UInt8], _ request: [UInt8]) {
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        let callContext = stream.context
        let id = stream.id
        let logger = self.logger
        let executor: EventLoopTaskExecutor = self.executor
        let task = Self.spawn(on: executor) {
            let result = await Self.run(callContext, logger) { try await handler(request, callContext) }
            loop.executeOrRun { bound.value.finishStream(id, response: result) }
        }
        stream.task = task
    }

    private func startServerStreaming(
        _ stream: ServerStream,
        _ handler: @escaping @Sendable ([UInt8], RPCWriter<[UInt8]>, ServerContext) async throws -> Void,
        _ request: [UInt8]
    ) {
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        let callContext = stream.context
        let id = stream.id
        let logger = self.logger
        let outbox = StreamOutbox()
        stream.outbox = outbox
        let writer = RPCWriter<[UInt8]> { bytes in
            if try outbox.enqueue(bytes) {
                loop.execute { bound.value.drainOutbox(of: id) }
            }
            try await outbox.waitForRoom()
        }
        // Streams run off the loop: a handler producing many messages would otherwise keep the
        // loop's task queue busy and starve every other connection on it (NIO drains its task
        // queue before it polls for I/O). Each write then hops to the loop, which is the
        // price of a stream, not of a unary call.
        let task = Self.spawnOffLoop {
            let result = await Self.run(callContext, logger) { () async throws -> [UInt8]? in
                try await handler(request, writer, callContext)
                return nil
            }
            loop.executeOrRun { bound.value.finishStream(id, outcome: result) }
        }
        stream.task = task
    }

    private func startClientStreaming(
        _ stream: ServerStream,
        _ handler: @escaping @Sendable (RPCAsyncSequence<[UInt8]>, ServerContext) async throws -> [UInt8]
    ) {
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        let callContext = stream.context
        let id = stream.id
        let logger = self.logger
        let (requests, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        stream.requests = continuation
        let counted = RPCAsyncSequence<[UInt8]> {
            let iterator = RequestIterator(requests.makeAsyncIterator())
            return {
                let next = try await iterator.next()
                if let next { loop.executeOrRun { bound.value.consumedRequestBytes(next.count, stream: id) } }
                return next
            }
        }
        let executor: EventLoopTaskExecutor = self.executor
        let task = Self.spawn(on: executor) {
            let result = await Self.run(callContext, logger) { try await handler(counted, callContext) }
            loop.executeOrRun { bound.value.finishStream(id, response: result) }
        }
        stream.task = task
    }

    /// Starts a handler's task on the connection's loop (see `EventLoopTaskExecutor`).
    private static func spawn(on executor: EventLoopTaskExecutor, _ operation: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        Task(executorPreference: executor, operation: operation)
    }

    /// Starts a handler's task on Swift's global executor, away from the event loop.
    private static func spawnOffLoop(_ operation: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        Task(operation: operation)
    }

    /// Runs a handler body as the serving call and turns its outcome into a result.
    private static func run<T: Sendable>(
        _ callContext: ServerContext,
        _ logger: Logger,
        _ body: @escaping @Sendable () async throws -> T
    ) async -> Result<T, RPCError> {
        do {
            return .success(try await ServerContext.$current.withValue(callContext) { try await body() })
        } catch {
            return .failure(status(for: error, method: callContext.method, logger: logger))
        }
    }

    private static func status(for error: any Error, method: MethodDescriptor, logger: Logger) -> RPCError {
        let status = RPCError.from(error)
        if status.code == .unknown {
            logger.error("handler failed", metadata: ["method": "\(method.fullName)", "error": "\(error)"])
        }
        return status
    }

    private func consumedRequestBytes(_ count: Int, stream id: UInt32) {
        guard isAttached else { return }
        guard let stream = streams[id] else { return }
        stream.bufferedRequestBytes -= count
        apply(backPressure.released(count))
    }

    /// Counts request bytes a running call holds toward the connection's bound.
    private func hold(_ count: Int, for stream: ServerStream) {
        stream.bufferedRequestBytes += count
        apply(backPressure.held(count))
    }

    /// Forgets what an ended call held, so it cannot keep the connection's reads paused.
    private func releaseBufferedRequests(of stream: ServerStream) {
        let held = stream.bufferedRequestBytes
        stream.bufferedRequestBytes = 0
        if held > 0 { apply(backPressure.released(held)) }
    }

    /// Stops or restarts reading as the back-pressure says.
    private func apply(_ change: ReadBackPressure.Change) {
        switch change {
        case .none: return
        case .pause: context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
        case .resume:
            context.channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
            context.read()
        }
    }

    /// Frames every message a server-streaming handler queued since the last drain and
    /// flushes them in one write, so the socket's backpressure reaches the handler.
    private func drainOutbox(of id: UInt32) {
        guard isAttached else { return }
        guard let outbox = streams[id]?.outbox else { return }
        for message in outbox.drain(socketWritable: context.channel.isWritable) {
            if let refused = appendMessage(id, message) {
                if let stream = streams[id] { endStream(stream, refused) }
                return
            }
            if batcher.pendingBytes >= 64 << 10 { _ = writePending() }
        }
        _ = writePending()
        if !context.channel.isWritable { outbox.socketIsFull() }
    }

    private func finishStream(_ id: UInt32, response: Result<[UInt8], RPCError>) {
        finishStream(id, outcome: response.map { Optional($0) })
    }

    private func finishStream(_ id: UInt32, outcome: Result<[UInt8]?, RPCError>) {
        guard isAttached else { return }
        if streams[id]?.outbox != nil { drainOutbox(of: id) }
        guard let stream = removeStream(id) else { return }
        stream.deadlineTimer?.cancel()
        stream.outbox?.close()
        releaseBufferedRequests(of: stream)
        switch outcome {
        case .success(let response):
            if let response, let refused = appendMessage(id, response) {
                sendTrailers(id, refused)
            } else {
                sendTrailers(id, nil)
            }
        case .failure(let error):
            sendTrailers(id, error)
        }
        scheduleFlush()
        streamEnded()
    }

    /// Ends a call early with `error`: its handler (if started) is cancelled.
    private func endStream(_ stream: ServerStream, _ error: RPCError) {
        guard removeStream(stream.id) != nil else { return }
        stream.abandon()
        releaseBufferedRequests(of: stream)
        sendTrailers(stream.id, error)
        scheduleFlush()
        streamEnded()
    }

    private func deadlineExpired(_ id: UInt32) {
        guard isAttached else { return }
        guard let stream = removeStream(id) else { return }
        stream.deadlineTimer = nil
        stream.abandon()
        releaseBufferedRequests(of: stream)
        sendTrailers(id, RPCError.deadlineExceeded(stream.method.descriptor))
        scheduleFlush()
        streamEnded()
    }

    // MARK: Writing

    /// Queues a response message as the client's SETTINGS allow (WIRE.md §9.1, §9.3); returns
    /// the RESOURCE_EXHAUSTED that ends the call instead when it does not fit them.
    private func appendMessage(_ id: UInt32, _ bytes: [UInt8]) -> RPCError? {
        let client = machine.peer
        if let refusal = client.refusal(messageOf: bytes.count, what: "response", peer: "client") {
            return RPCError(.resourceExhausted, refusal)
        }
        if let threshold = client.compressionThreshold, bytes.count >= threshold {
            if compressor == nil { compressor = try? MessageCompressor() }
            if let compressor {
                var buffer = context.channel.allocator.buffer(bytes: bytes)
                if let compressed = try? compressor.compress(&buffer, allocator: context.channel.allocator) {
                    guard compressed.readableBytes <= client.maxFrameBytes else {
                        return RPCError(.resourceExhausted, "response compresses to \(compressed.readableBytes) bytes, above the client's maximum frame size of \(client.maxFrameBytes) bytes")
                    }
                    batcher.append(type: .message, flags: .compressed, streamID: id, payload: compressed)
                    return nil
                }
            }
        }
        guard bytes.count <= client.maxFrameBytes else {
            return RPCError(.resourceExhausted, "response of \(bytes.count) bytes exceeds the client's maximum frame size of \(client.maxFrameBytes) bytes")
        }
        batcher.append(type: .message, streamID: id, bytes: bytes)
        return nil
    }

    private func sendTrailers(_ id: UInt32, _ error: RPCError?) {
        batcher.append(type: .trailers, streamID: id, bytes: ControlMessages.status(error, fitting: machine.peer.maxFrameBytes))
    }

    private func sendGoAway(code: StatusCode, message: String) {
        batcher.append(
            type: .goAway, streamID: 0,
            bytes: ControlMessages.goAway(lastStreamID: machine.lastStreamID, code: code, message: message, fitting: machine.peer.maxFrameBytes)
        )
    }

    /// Writes and flushes what the batcher holds; nil when it held nothing. The bytes count
    /// toward the connection's bound until the socket has taken them.
    private func writePending() -> EventLoopFuture<Void>? {
        guard let out = batcher.take(allocator: context.channel.allocator) else { return nil }
        let count = out.readableBytes
        apply(backPressure.queued(count))
        let written = context.writeAndFlush(NIOAny(out))
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        written.whenComplete { _ in bound.value.wrote(count) }
        return written
    }

    private func wrote(_ count: Int) {
        guard isAttached else { return }
        let change = backPressure.written(count)
        if state != .closed { apply(change) }
    }

    private func scheduleFlush() {
        guard batcher.claimFlush() else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.execute { bound.value.flushNow() }
    }

    private func flushNow() {
        guard isAttached else { return }
        guard state != .closed || batcher.hasPending else { return }
        _ = writePending()
    }

    // MARK: Ending

    private func failConnection(_ error: any Error) {
        let wire = error as? WireError ?? .protocolViolation("\(error)")
        logger.notice("closing connection after protocol error", metadata: ["peer": "\(peer)", "problem": "\(wire)"])
        sendGoAway(code: StatusCode(rawValue: wire.statusCode), message: wire.description)
        closeConnection()
    }

    private func closeConnection() {
        guard machine.close() else { return }
        for stream in streams.values { stream.abandon() }
        streams.removeAll()
        let flushed = writePending() ?? context.eventLoop.makeSucceededVoidFuture()
        let channel = context.channel
        flushed.whenComplete { _ in channel.close(promise: nil) }
    }

    /// Removes a call from the table and from the machine's count of open calls.
    private func removeStream(_ id: UInt32) -> ServerStream? {
        guard let stream = streams.removeValue(forKey: id) else { return nil }
        closeIfDrained = machine.streamClosed(id)
        if machine.openStreams.isEmpty && state == .open { activity(.idle) }
        return stream
    }

    /// Set when the last call of a draining connection ended; `streamEnded` closes it.
    private var closeIfDrained = false

    private func beginDraining(reason: String) {
        switch machine.beginDraining() {
        case .sendGoAway(let closeNow):
            sendGoAway(code: .unavailable, message: reason)
            flushNow()
            if closeNow { closeConnection() }
        case .close:
            closeConnection()
        case .none:
            break
        }
    }

    private func forceClose() {
        for stream in streams.values {
            stream.abandon()
            sendTrailers(stream.id, RPCError(.unavailable, "server shut down before the call finished"))
        }
        streams.removeAll()
        closeConnection()
    }

    /// The server needs this connection's slot: an idle one goes at once, a busy one drains.
    private func evictIdle() {
        guard state == .open else { return }
        if streams.isEmpty {
            sendGoAway(code: .unavailable, message: "idle connection closed to make room for a new one; reconnect to continue")
            closeConnection()
        } else {
            beginDraining(reason: "connection closed to make room for a new one; finish and reconnect")
        }
    }

    /// Closes a draining connection once its last call has ended.
    private func streamEnded() {
        if closeIfDrained {
            closeIfDrained = false
            closeConnection()
        }
    }

    private func scheduleIdleCheck(after delay: TimeAmount) {
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        idleTimer = context.eventLoop.scheduleTask(in: delay) { bound.value.checkIdle() }
    }

    private func checkIdle() {
        guard isAttached else { return }
        let idleFor = NIODeadline.now() - lastActivity
        switch machine.idleCheck(idleForNanoseconds: idleFor.nanoseconds, limitNanoseconds: configuration.idleTimeout.timeAmount.nanoseconds) {
        case .none:
            break
        case .close:
            sendGoAway(code: .unavailable, message: "idle for \(configuration.idleTimeout); reconnect to continue")
            closeConnection()
        case .checkAgain(let nanoseconds):
            scheduleIdleCheck(after: .nanoseconds(nanoseconds))
        }
    }
}

/// Lets one handler task pull request messages through a `@Sendable` closure.
private final class RequestIterator: @unchecked Sendable {
    // @unchecked: only the handler's task calls next(), one call at a time.
    private var base: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator
    init(_ base: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator) { self.base = base }
    func next() async throws -> [UInt8]? { try await base.next() }
}

extension Duration {
    /// The same span as a NIO `TimeAmount`.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
