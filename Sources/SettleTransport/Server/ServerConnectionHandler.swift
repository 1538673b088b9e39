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

    enum State { case awaitingPreface, awaitingSettings, open, draining, closed }

    /// Sent through the pipeline by the server to start a graceful shutdown of this connection.
    enum ShutdownEvent: Sendable { case graceful, force }

    private let router: Router
    private let configuration: ServerConfiguration
    private let logger: Logger
    /// False when the connection is over the server's connection limit: it is told so and closed.
    private let admitted: Bool

    private var state = State.awaitingPreface
    private var peer = PeerIdentity(uid: UInt32.max, gid: UInt32.max, pid: -1, role: .none)
    private var streams: [UInt32: ServerStream] = [:]
    private var lastStreamID: UInt32 = 0
    private var context: ChannelHandlerContext!
    private var batcher: OutboundBatcher!
    private var executor: EventLoopTaskExecutor!
    private var compressor: MessageCompressor?
    private let decompressor: MessageDecompressor?
    /// Messages this large are compressed; stays at Int.max until the client accepts zlib.
    private var peerCompressionThreshold = Int.max
    private var handshakeTimer: Scheduled<Void>?
    private var idleTimer: Scheduled<Void>?
    private var lastActivity = NIODeadline.now()
    private var bufferedRequestBytes = 0
    private var readsPaused = false

    private static let pauseReadsAbove = 8 << 20
    private static let resumeReadsBelow = 2 << 20

    init(router: Router, configuration: ServerConfiguration, logger: Logger, admitted: Bool) {
        self.router = router
        self.configuration = configuration
        self.logger = logger
        self.admitted = admitted
        self.decompressor = try? MessageDecompressor(maxMessageBytes: configuration.limits.maxMessageBytes)
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        batcher = OutboundBatcher(allocator: context.channel.allocator)
        executor = EventLoopTaskExecutor(eventLoop: context.eventLoop)
        compressor = try? MessageCompressor()
    }

    func channelActive(context: ChannelHandlerContext) {
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        PeerCredentials.read(from: context.channel).whenSuccess { credentials in
            bound.value.identify(credentials)
        }
        handshakeTimer = context.eventLoop.scheduleTask(in: configuration.handshakeTimeout.timeAmount) {
            bound.value.handshakeTimedOut()
        }
        context.fireChannelActive()
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
        state = .closed
        handshakeTimer?.cancel()
        idleTimer?.cancel()
        for stream in streams.values { stream.abandon() }
        streams.removeAll()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event as? ShutdownEvent {
        case .graceful?: beginDraining(reason: "server is shutting down")
        case .force?: forceClose()
        case nil: context.fireUserInboundEventTriggered(event)
        }
    }

    // MARK: Handshake

    private func identify(_ credentials: PeerCredentials?) {
        guard let credentials else { return }
        let role = configuration.access.role(
            uid: credentials.uid, gid: credentials.gid,
            supplementaryGIDs: PeerCredentials.supplementaryGroups(ofProcess: credentials.pid)
        )
        peer = PeerIdentity(uid: credentials.uid, gid: credentials.gid, pid: credentials.pid, role: role)
    }

    private func receivedPreface() {
        batcher.appendRaw(Preface.bytes())
        guard admitted else {
            sendGoAway(code: .resourceExhausted, message: "too many connections (limit \(configuration.maxConnections)); retry later")
            closeConnection()
            return
        }
        batcher.append(
            type: .settings, streamID: 0,
            bytes: ControlMessages.settings(configuration.limits, agent: configuration.agent, isServer: true)
        )
        state = .awaitingSettings
    }

    private func handshakeTimedOut() {
        guard state == .awaitingPreface || state == .awaitingSettings else { return }
        logger.info("handshake timed out", metadata: ["peer": "\(peer)"])
        if state == .awaitingSettings {
            sendGoAway(code: .deadlineExceeded, message: "no SETTINGS within the handshake timeout")
        }
        closeConnection()
    }

    private func receivedSettings(_ frame: Frame) throws(WireError) {
        let settings = try ControlMessages.decode(Settle_Wire_V1_Settings.self, from: frame.payload)
        if settings.acceptCompression.contains("zlib") {
            let threshold = Int(settings.compressionThreshold)
            peerCompressionThreshold = threshold > 0 ? threshold : configuration.limits.compressionThresholdBytes
        }
        handshakeTimer?.cancel()
        handshakeTimer = nil
        state = .open
        scheduleIdleCheck(after: configuration.idleTimeout.timeAmount)
    }

    // MARK: Frames

    private func receive(_ frame: Frame) throws(WireError) {
        switch state {
        case .awaitingPreface, .closed:
            return
        case .awaitingSettings:
            guard frame.type == .settings else {
                throw .protocolViolation("expected SETTINGS as the first frame, got \(frame.type)")
            }
            try receivedSettings(frame)
            return
        case .open, .draining:
            break
        }
        switch frame.type {
        case .headers: try openStream(frame)
        case .message: try receiveMessage(frame)
        case .halfClose: try receiveHalfClose(frame)
        case .cancel: try receiveCancel(frame)
        case .ping: batcher.append(type: .pong, streamID: 0, payload: frame.payload)
        case .pong, .goAway: break
        case .settings: throw .protocolViolation("a second SETTINGS frame")
        case .trailers: throw .protocolViolation("TRAILERS sent by a client")
        default: throw .unknownFrameType(frame.type.rawValue)
        }
    }

    private func openStream(_ frame: Frame) throws(WireError) {
        let id = frame.streamID
        guard id > lastStreamID else {
            throw .protocolViolation("stream id \(id) is not above the last stream id \(lastStreamID)")
        }
        lastStreamID = id
        if state == .draining {
            sendTrailers(id, RPCError(.unavailable, "server is shutting down; retry on a new connection"))
            return
        }
        guard streams.count < configuration.limits.maxConcurrentStreams else {
            sendTrailers(id, RPCError(.resourceExhausted, "too many concurrent calls on this connection (limit \(configuration.limits.maxConcurrentStreams))"))
            return
        }
        let headers: Settle_Wire_V1_RequestHeaders
        do {
            headers = try ControlMessages.decode(Settle_Wire_V1_RequestHeaders.self, from: frame.payload)
        } catch {
            sendTrailers(id, RPCError(.invalidArgument, "HEADERS of stream \(id) are not a valid settle.wire.v1.RequestHeaders"))
            return
        }
        let registered: RegisteredMethod
        do {
            registered = try router.resolve(headers.method, for: peer)
        } catch {
            if error.code == .permissionDenied {
                logger.notice("permission denied", metadata: ["peer": "\(peer)", "method": "\(headers.method)"])
            }
            sendTrailers(id, error)
            return
        }
        let timeout = headers.timeoutMicros
        let deadline: ContinuousClock.Instant? = timeout > 0 ? .now + .microseconds(Int64(clamping: timeout)) : nil
        let context = ServerContext(method: registered.descriptor, peer: peer, deadline: deadline, metadata: headers.metadata)
        let stream = ServerStream(id: id, method: registered, context: context)
        streams[id] = stream
        if timeout > 0 {
            let bound = NIOLoopBound(self, eventLoop: self.context.eventLoop)
            stream.deadlineTimer = self.context.eventLoop.scheduleTask(in: .microseconds(Int64(clamping: timeout))) {
                bound.value.deadlineExpired(id)
            }
        }
        if case .clientStreaming(let handler) = registered.handler {
            startClientStreaming(stream, handler)
        }
    }

    private func knownStream(_ frame: Frame) throws(WireError) -> ServerStream? {
        guard frame.streamID <= lastStreamID else {
            throw .protocolViolation("\(frame.type) for stream \(frame.streamID), which was never opened")
        }
        return streams[frame.streamID]
    }

    private func receiveMessage(_ frame: Frame) throws(WireError) {
        guard let stream = try knownStream(frame) else { return }
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
            startUnary(stream, handler, bytes)
        case .serverStreaming(let handler):
            guard !stream.receivedRequest else {
                endStream(stream, RPCError(.invalidArgument, "\(stream.method.descriptor.fullName) takes one request message but received a second"))
                return
            }
            stream.receivedRequest = true
            startServerStreaming(stream, handler, bytes)
        case .clientStreaming:
            guard !stream.clientHalfClosed else {
                endStream(stream, RPCError(.invalidArgument, "request message after the client ended its stream"))
                return
            }
            bufferedRequestBytes += bytes.count
            stream.bufferedRequestBytes += bytes.count
            stream.requests?.yield(bytes)
            if bufferedRequestBytes > Self.pauseReadsAbove && !readsPaused {
                readsPaused = true
                context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
            }
        }
        if frame.flags.contains(.endStream) { halfClose(stream) }
    }

    /// The message's bytes, inflated if compressed, never more than the message limit.
    private func messageBytes(_ frame: Frame) throws(RPCError) -> [UInt8] {
        let limit = configuration.limits.maxMessageBytes
        var payload = frame.payload
        if frame.flags.contains(.compressed) {
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

    private func receiveHalfClose(_ frame: Frame) throws(WireError) {
        guard let stream = try knownStream(frame) else { return }
        halfClose(stream)
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

    private func receiveCancel(_ frame: Frame) throws(WireError) {
        guard let stream = try knownStream(frame) else { return }
        streams[stream.id] = nil
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
        guard let stream = streams[id] else { return }
        stream.bufferedRequestBytes -= count
        bufferedRequestBytes -= count
        resumeReadsIfDrained()
    }

    /// Forgets what an ended call left unread, so it cannot hold the connection's reads paused.
    private func releaseBufferedRequests(of stream: ServerStream) {
        bufferedRequestBytes -= stream.bufferedRequestBytes
        stream.bufferedRequestBytes = 0
        resumeReadsIfDrained()
    }

    private func resumeReadsIfDrained() {
        if readsPaused && bufferedRequestBytes < Self.resumeReadsBelow {
            readsPaused = false
            context.channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
        }
    }

    /// Frames every message a server-streaming handler queued since the last drain and
    /// flushes them in one write, so the socket's backpressure reaches the handler.
    private func drainOutbox(of id: UInt32) {
        guard let outbox = streams[id]?.outbox else { return }
        for message in outbox.drain(socketWritable: context.channel.isWritable) {
            appendMessage(id, message)
            if batcher.pendingBytes >= 64 << 10 { _ = writePending() }
        }
        _ = writePending()
        if !context.channel.isWritable { outbox.socketIsFull() }
    }

    private func finishStream(_ id: UInt32, response: Result<[UInt8], RPCError>) {
        finishStream(id, outcome: response.map { Optional($0) })
    }

    private func finishStream(_ id: UInt32, outcome: Result<[UInt8]?, RPCError>) {
        if streams[id]?.outbox != nil { drainOutbox(of: id) }
        guard let stream = streams.removeValue(forKey: id) else { return }
        stream.deadlineTimer?.cancel()
        stream.outbox?.close()
        releaseBufferedRequests(of: stream)
        switch outcome {
        case .success(let response):
            if let response { appendMessage(id, response) }
            sendTrailers(id, nil)
        case .failure(let error):
            sendTrailers(id, error)
        }
        scheduleFlush()
        streamEnded()
    }

    /// Ends a call early with `error`: its handler (if started) is cancelled.
    private func endStream(_ stream: ServerStream, _ error: RPCError) {
        guard streams.removeValue(forKey: stream.id) != nil else { return }
        stream.abandon()
        releaseBufferedRequests(of: stream)
        sendTrailers(stream.id, error)
        scheduleFlush()
        streamEnded()
    }

    private func deadlineExpired(_ id: UInt32) {
        guard let stream = streams.removeValue(forKey: id) else { return }
        stream.deadlineTimer = nil
        stream.abandon()
        releaseBufferedRequests(of: stream)
        sendTrailers(id, RPCError.deadlineExceeded(stream.method.descriptor))
        scheduleFlush()
        streamEnded()
    }

    // MARK: Writing

    private func appendMessage(_ id: UInt32, _ bytes: [UInt8]) {
        if bytes.count >= peerCompressionThreshold, let compressor {
            var buffer = context.channel.allocator.buffer(bytes: bytes)
            if let compressed = try? compressor.compress(&buffer, allocator: context.channel.allocator) {
                batcher.append(type: .message, flags: .compressed, streamID: id, payload: compressed)
                return
            }
        }
        batcher.append(type: .message, streamID: id, bytes: bytes)
    }

    private func sendTrailers(_ id: UInt32, _ error: RPCError?) {
        batcher.append(type: .trailers, streamID: id, bytes: ControlMessages.status(error))
    }

    private func sendGoAway(code: StatusCode, message: String) {
        batcher.append(
            type: .goAway, streamID: 0,
            bytes: ControlMessages.goAway(lastStreamID: lastStreamID, code: code, message: message)
        )
    }

    /// Writes and flushes what the batcher holds; nil when it held nothing.
    private func writePending() -> EventLoopFuture<Void>? {
        guard let out = batcher.take(allocator: context.channel.allocator) else { return nil }
        return context.writeAndFlush(NIOAny(out))
    }

    private func scheduleFlush() {
        guard batcher.claimFlush() else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.execute { bound.value.flushNow() }
    }

    private func flushNow() {
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
        guard state != .closed else { return }
        state = .closed
        for stream in streams.values { stream.abandon() }
        streams.removeAll()
        let flushed = writePending() ?? context.eventLoop.makeSucceededVoidFuture()
        let channel = context.channel
        flushed.whenComplete { _ in channel.close(promise: nil) }
    }

    private func beginDraining(reason: String) {
        switch state {
        case .open:
            state = .draining
            sendGoAway(code: .unavailable, message: reason)
            flushNow()
            streamEnded()
        case .awaitingPreface, .awaitingSettings:
            closeConnection()
        case .draining, .closed:
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

    /// Closes a draining connection once its last call has ended.
    private func streamEnded() {
        if state == .draining && streams.isEmpty { closeConnection() }
    }

    private func scheduleIdleCheck(after delay: TimeAmount) {
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        idleTimer = context.eventLoop.scheduleTask(in: delay) { bound.value.checkIdle() }
    }

    private func checkIdle() {
        guard state == .open else { return }
        let idleFor = NIODeadline.now() - lastActivity
        let limit = configuration.idleTimeout.timeAmount
        if streams.isEmpty && idleFor >= limit {
            sendGoAway(code: .unavailable, message: "idle for \(configuration.idleTimeout); reconnect to continue")
            closeConnection()
        } else {
            scheduleIdleCheck(after: streams.isEmpty ? limit - idleFor : limit)
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
