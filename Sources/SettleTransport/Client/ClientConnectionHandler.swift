import NIOCore
import SettleRPC
import SettleWire

/// The client end of a connection: opens streams, matches responses to calls, and fails
/// every open call with a precise status when the server goes away or the link drops.
final class ClientConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = WireEvent
    typealias OutboundOut = ByteBuffer

    private let limits: WireLimits
    private let agent: String
    private var machine: ClientConnectionStateMachine
    private var state: ClientConnectionStateMachine.Phase { machine.phase }
    private var calls: [UInt32: ClientCall] = [:]
    private(set) var context: ChannelHandlerContext!
    private var batcher: OutboundBatcher!
    /// Made on first use: most connections never compress a request.
    private var compressor: MessageCompressor?
    private var decompressor: MessageDecompressor?
    /// Why new calls fail once the connection is going away or gone.
    private var unavailableReason = RPCError(.unavailable, "the connection to the server is closed")
    private var writabilityWaiters: [EventLoopPromise<Void>] = []
    let ready: EventLoopPromise<Void>

    init(limits: WireLimits, agent: String, compressRequests: Bool, ready: EventLoopPromise<Void>) {
        self.limits = limits
        self.machine = ClientConnectionStateMachine(compressRequests: compressRequests)
        self.agent = agent
        self.ready = ready
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        batcher = OutboundBatcher(allocator: context.channel.allocator)
    }

    func channelActive(context: ChannelHandlerContext) {
        batcher.appendRaw(Preface.bytes())
        batcher.append(type: .settings, streamID: 0, bytes: ControlMessages.settings(limits, agent: agent, isServer: false))
        _ = writePending()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .frame(let frame) = unwrapInboundIn(data) else { return }
        do {
            try receive(frame)
        } catch {
            abort(RPCError(.internalError, "server broke the protocol: \(error)"))
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if batcher.hasPending { _ = writePending() }
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            let waiters = writabilityWaiters
            writabilityWaiters.removeAll()
            for waiter in waiters { waiter.succeed() }
        }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        abort(RPCError(.unavailable, "connection failed: \(error)"))
    }

    func channelInactive(context: ChannelHandlerContext) {
        _ = machine.close()
        failAll(unavailableReason)
        ready.fail(unavailableReason)
        for waiter in writabilityWaiters { waiter.fail(unavailableReason) }
        writabilityWaiters.removeAll()
        context.fireChannelInactive()
    }

    // MARK: Receiving

    private func receive(_ frame: Frame) throws {
        switch try machine.receive(frame) {
        case .ignore:
            break
        case .ready:
            ready.succeed()
        case .pong:
            batcher.append(type: .pong, streamID: 0, payload: frame.payload)
        case .deliver(let id):
            guard let call = calls[id] else { return }
            do {
                try call.deliver(try messageBytes(frame))
            } catch {
                end(call, error)
                sendCancel(call.id)
            }
        case .finish(let id):
            guard let call = calls.removeValue(forKey: id) else { return }
            let status = try ControlMessages.decode(Settle_Wire_V1_CallStatus.self, from: frame.payload)
            if status.code == 0 {
                call.finish(nil)
            } else {
                call.finish(RPCError(StatusCode(rawValue: status.code), status.message, details: Array(status.details), metadata: status.metadata))
            }
        case .goAway(let failing, let error):
            unavailableReason = error
            ready.fail(error)
            for id in failing {
                calls.removeValue(forKey: id)?.finish(error)
            }
        }
    }

    private func messageBytes(_ frame: Frame) throws(RPCError) -> [UInt8] {
        var payload = frame.payload
        if frame.flags.contains(.compressed) {
            if decompressor == nil { decompressor = try? MessageDecompressor(maxMessageBytes: limits.maxMessageBytes) }
            guard let decompressor else { throw RPCError(.internalError, "decompression is unavailable") }
            do {
                return Array(try decompressor.decompress(&payload, allocator: context.channel.allocator).readableBytesView)
            } catch {
                throw RPCError(error == .messageTooLarge(limit: limits.maxMessageBytes) ? .resourceExhausted : .internalError, "response: \(error)")
            }
        }
        guard payload.readableBytes <= limits.maxMessageBytes else {
            throw RPCError(.resourceExhausted, "response of \(payload.readableBytes) bytes exceeds the maximum message size of \(limits.maxMessageBytes) bytes")
        }
        return Array(payload.readableBytesView)
    }

    // MARK: Calls (all on the event loop)

    /// Opens a stream and sends its HEADERS, and the request if given; nil when unavailable.
    func open(
        _ method: MethodDescriptor,
        receiver: ClientCall.Receiver,
        deadline: ContinuousClock.Instant?,
        metadata: [String: String],
        handle: CallHandle,
        request: [UInt8]?,
        endStream: Bool
    ) -> UInt32? {
        guard let id = machine.openCall() else {
            ClientCall(id: 0, method: method, receiver: receiver).finish(unavailableReason)
            return nil
        }
        guard handle.opened(id) else {
            machine.callEnded(id)
            ClientCall(id: id, method: method, receiver: receiver).finish(RPCError(.cancelled, "the call was cancelled"))
            return nil
        }
        let call = ClientCall(id: id, method: method, receiver: receiver)
        calls[id] = call
        var headers = Settle_Wire_V1_RequestHeaders()
        headers.method = method.fullName
        if let deadline {
            let remaining = deadline - .now
            let micros = max(1, remaining.components.seconds * 1_000_000 + remaining.components.attoseconds / 1_000_000_000_000)
            headers.timeoutMicros = UInt64(micros)
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            call.deadlineTimer = context.eventLoop.scheduleTask(in: .microseconds(micros)) {
                bound.value.deadlineExpired(id)
            }
        }
        if !metadata.isEmpty { headers.metadata = metadata }
        let headerBytes = ControlMessages.encode(headers)
        guard headerBytes.count <= machine.server.maxFrameBytes else {
            end(call, RPCError(.resourceExhausted, "HEADERS of \(headerBytes.count) bytes (method name and metadata) exceed the server's maximum frame size of \(machine.server.maxFrameBytes) bytes"))
            return nil
        }
        batcher.append(type: .headers, streamID: id, bytes: headerBytes)
        if let request {
            do {
                try appendMessage(id, request, endStream: endStream)
            } catch {
                end(call, error)
                sendCancel(id)
                return nil
            }
        }
        scheduleFlush()
        return id
    }

    /// Queues a request message on an open stream; the future completes when the socket has room.
    func send(_ id: UInt32, _ bytes: [UInt8]) -> EventLoopFuture<Void> {
        guard calls[id] != nil else {
            return context.eventLoop.makeFailedFuture(RPCError(.cancelled, "the call already ended"))
        }
        do {
            try appendMessage(id, bytes, endStream: false)
        } catch {
            if let call = calls[id] { end(call, error) }
            sendCancel(id)
            return context.eventLoop.makeFailedFuture(error)
        }
        scheduleFlush()
        if context.channel.isWritable { return context.eventLoop.makeSucceededVoidFuture() }
        let promise = context.eventLoop.makePromise(of: Void.self)
        writabilityWaiters.append(promise)
        return promise.futureResult
    }

    /// Whether the server takes compressed requests, and from what size: nil when it does not.
    var requestCompressionThreshold: Int? { machine.requestCompressionThreshold }

    /// Queues a request message the caller already compressed (off this loop), so a large
    /// message's deflate runs beside the socket writes instead of in front of them.
    func sendCompressed(_ id: UInt32, _ payload: ByteBuffer, uncompressedCount: Int) -> EventLoopFuture<Void> {
        guard calls[id] != nil else {
            return context.eventLoop.makeFailedFuture(RPCError(.cancelled, "the call already ended"))
        }
        if let error = machine.refusal(requestOf: uncompressedCount, payloadBytes: payload.readableBytes) {
            if let call = calls[id] { end(call, error) }
            sendCancel(id)
            return context.eventLoop.makeFailedFuture(error)
        }
        batcher.append(type: .message, flags: .compressed, streamID: id, payload: payload)
        scheduleFlush()
        if context.channel.isWritable { return context.eventLoop.makeSucceededVoidFuture() }
        let promise = context.eventLoop.makePromise(of: Void.self)
        writabilityWaiters.append(promise)
        return promise.futureResult
    }

    func halfClose(_ id: UInt32) {
        guard calls[id] != nil else { return }
        batcher.append(type: .halfClose, streamID: id, bytes: EmptyCollection())
        scheduleFlush()
    }

    func cancel(_ id: UInt32) {
        guard let call = calls[id] else { return }
        end(call, RPCError(.cancelled, "the call was cancelled"))
        sendCancel(id)
    }

    /// Queues a request as the server's SETTINGS allow (WIRE.md §9.1, §9.3).
    private func appendMessage(_ id: UInt32, _ bytes: [UInt8], endStream: Bool) throws(RPCError) {
        if let error = machine.refusal(requestOf: bytes.count, payloadBytes: 0) { throw error }
        var flags: FrameFlags = endStream ? .endStream : []
        if let threshold = machine.requestCompressionThreshold, bytes.count >= threshold {
            if compressor == nil { compressor = try? MessageCompressor() }
            if let compressor {
                var buffer = context.channel.allocator.buffer(bytes: bytes)
                if let compressed = try? compressor.compress(&buffer, allocator: context.channel.allocator) {
                    if let error = machine.refusal(requestOf: bytes.count, payloadBytes: compressed.readableBytes) { throw error }
                    flags.insert(.compressed)
                    batcher.append(type: .message, flags: flags, streamID: id, payload: compressed)
                    return
                }
            }
        }
        if let error = machine.refusal(requestOf: bytes.count, payloadBytes: bytes.count) { throw error }
        batcher.append(type: .message, flags: flags, streamID: id, bytes: bytes)
    }

    private func deadlineExpired(_ id: UInt32) {
        guard let call = calls[id] else { return }
        call.deadlineTimer = nil
        end(call, RPCError.deadlineExceeded(call.method))
        sendCancel(id)
    }

    private func end(_ call: ClientCall, _ error: RPCError) {
        calls[call.id] = nil
        machine.callEnded(call.id)
        call.finish(error)
    }

    private func sendCancel(_ id: UInt32) {
        guard state != .closed else { return }
        batcher.append(type: .cancel, streamID: id, bytes: EmptyCollection())
        scheduleFlush()
    }

    /// Writes and flushes what the batcher holds; nil when it held nothing.
    private func writePending() -> EventLoopFuture<Void>? {
        guard let out = batcher.take(allocator: context.channel.allocator) else { return nil }
        return context.writeAndFlush(NIOAny(out))
    }

    private func scheduleFlush() {
        guard batcher.claimFlush() else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.execute {
            let handler = bound.value
            _ = handler.writePending()
        }
    }

    private func failAll(_ error: RPCError) {
        let open = calls.values
        calls.removeAll()
        for call in open { call.finish(error) }
    }

    private func abort(_ error: RPCError) {
        unavailableReason = error
        failAll(error)
        if machine.close() {
            context.close(promise: nil)
        }
    }

    /// Politely ends the connection: no new calls; open ones fail as the link closes.
    func close() {
        guard state != .closed else { return }
        unavailableReason = RPCError(.unavailable, "the client closed the connection")
        _ = machine.close()
        if batcher.hasPending { _ = writePending() }
        context.close(promise: nil)
    }
}
