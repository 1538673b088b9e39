import Synchronization

/// Calls a router directly: no socket, same gate, same handlers, same statuses.
///
/// Module-to-module calls inside one host go through it, and tests use it to run the real
/// services without a socket. Messages are still serialized, so a contract behaves
/// identically in-process and remote.
public struct InProcessTransport: ClientTransport {
    private let source: RouterSource
    public var router: Router { source.router }
    /// Who calls when no call is being served (e.g. a host start-up task or a test).
    public let defaultPeer: PeerIdentity
    /// The module this transport belongs to, recorded as `via` on relayed identities.
    public let callerModule: String?

    public init(router: Router, defaultPeer: PeerIdentity, callerModule: String? = nil) {
        self.init(source: RouterSource(router), defaultPeer: defaultPeer, callerModule: callerModule)
    }

    /// A transport to a router that will be published later (see `RouterSource`).
    public init(source: RouterSource, defaultPeer: PeerIdentity, callerModule: String? = nil) {
        self.source = source
        self.defaultPeer = defaultPeer
        self.callerModule = callerModule
    }

    private func context(for method: MethodDescriptor, options: CallOptions) throws(RPCError) -> (RegisteredMethod, ServerContext) {
        let peer: PeerIdentity
        if let serving = ServerContext.current {
            peer = callerModule.map { serving.peer.relayed(by: $0) } ?? serving.peer
        } else {
            peer = defaultPeer
        }
        let registered = try router.resolve(method.fullName, for: peer)
        guard registered.descriptor.kind == method.kind else {
            throw RPCError(.unimplemented, "\(method.fullName) is served as \(registered.descriptor.kind.rawValue), called as \(method.kind.rawValue)")
        }
        let context = ServerContext(
            method: registered.descriptor,
            peer: peer,
            deadline: options.effectiveDeadline(),
            metadata: options.metadata
        )
        return (registered, context)
    }

    public func unary(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] {
        let (registered, context) = try context(for: method, options: options)
        guard case .unary(let handler) = registered.handler else {
            throw RPCError(.unimplemented, "\(method.fullName) is not unary")
        }
        do {
            return try await DeadlineRunner.run(method: registered.descriptor, deadline: context.deadline) {
                try await ServerContext.$current.withValue(context) { try await handler(request, context) }
            }
        } catch {
            throw RPCError.from(error)
        }
    }

    public func serverStreaming(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> RPCAsyncSequence<[UInt8]> {
        let (registered, context) = try context(for: method, options: options)
        guard case .serverStreaming(let handler) = registered.handler else {
            throw RPCError(.unimplemented, "\(method.fullName) is not server-streaming")
        }
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream(bufferingPolicy: .unbounded)
        // The producing task lives exactly as long as the stream: ending iteration cancels it.
        let producer = Task {
            do {
                try await DeadlineRunner.run(method: registered.descriptor, deadline: context.deadline) {
                    try await ServerContext.$current.withValue(context) {
                        try await handler(request, RPCWriter { continuation.yield($0) }, context)
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: RPCError.from(error))
            }
        }
        continuation.onTermination = { _ in producer.cancel() }
        return RPCAsyncSequence(stream)
    }

    public func clientStreaming(
        _ method: MethodDescriptor,
        options: CallOptions,
        requests: @escaping @Sendable (RPCWriter<[UInt8]>) async throws -> Void
    ) async throws -> [UInt8] {
        let (registered, context) = try context(for: method, options: options)
        guard case .clientStreaming(let handler) = registered.handler else {
            throw RPCError(.unimplemented, "\(method.fullName) is not client-streaming")
        }
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream(bufferingPolicy: .unbounded)
        let callerError = CallerErrorBox()
        do {
            return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
                group.addTask {
                    do {
                        try await requests(RPCWriter { continuation.yield($0) })
                        continuation.finish()
                    } catch {
                        callerError.record(error)
                        continuation.finish(throwing: CancellationError())
                        throw error
                    }
                    return nil
                }
                group.addTask {
                    try await DeadlineRunner.run(method: registered.descriptor, deadline: context.deadline) {
                        try await ServerContext.$current.withValue(context) {
                            try await handler(RPCAsyncSequence(stream), context)
                        }
                    }
                }
                var response: [UInt8]?
                while let result = try await group.next() {
                    if let result { response = result; group.cancelAll() }
                }
                guard let response else { throw RPCError(.internalError, "\(method.fullName) finished without a response") }
                return response
            }
        } catch {
            // The caller's own failure comes back unchanged, as it does over a socket.
            if let own = callerError.error { throw own }
            throw RPCError.from(error)
        }
    }
}

/// Remembers the error a client-streaming caller's own request closure threw.
private final class CallerErrorBox: Sendable {
    private let stored = Mutex<(any Error)?>(nil)
    func record(_ error: any Error) { stored.withLock { $0 = error } }
    var error: (any Error)? { stored.withLock { $0 } }
}
