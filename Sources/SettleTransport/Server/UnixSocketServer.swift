public import Logging
public import NIOCore
import NIOConcurrencyHelpers
import NIOPosix
public import SettleRPC
import SettleWire
#if canImport(Glibc)
import Glibc
#endif

/// Why a server could not start listening.
public struct ServerStartError: Error, CustomStringConvertible {
    public let description: String
}

/// Serves a router on a Unix domain socket.
///
/// Owns the listening channel and every connection, so it can stop accepting, ask each
/// connection to drain, and force the stragglers closed after the grace period.
public final class UnixSocketServer: Sendable {
    public let configuration: ServerConfiguration
    private let router: Router
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state: NIOLockedValueBox<ServerState>

    private struct ServerState {
        var listener: (any Channel)?
        var connections: [ObjectIdentifier: any Channel] = [:]
        var admission: ConnectionAdmission<ObjectIdentifier>
        var accepted = 0
        var refused = 0
        var trimScheduled = false
    }

    public init(configuration: ServerConfiguration, router: Router, group: any EventLoopGroup, logger: Logger) {
        self.configuration = configuration
        self.router = router
        self.group = group
        self.logger = logger
        self.state = NIOLockedValueBox(ServerState(
            admission: ConnectionAdmission(maxConnections: configuration.maxConnections, limits: configuration.connectionLimits)
        ))
    }

    /// Binds the socket (mode from the configuration) and starts accepting connections.
    ///
    /// Refuses to take over a socket another live server answers on; removes a stale one.
    public func start() async throws {
        let path = configuration.socketPath
        try await refuseIfLive(path)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { [self] channel in
                self.initialize(channel)
            }
        let listener: any Channel
        do {
            listener = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
        } catch {
            throw ServerStartError(description: "cannot listen on \(path): \(error)")
        }
        guard chmod(path, mode_t(configuration.socketMode)) == 0 else {
            try? await listener.close()
            throw ServerStartError(description: "cannot set mode \(String(configuration.socketMode, radix: 8)) on \(path): errno \(errno)")
        }
        state.withLockedValue { $0.listener = listener }
        logger.info("listening", metadata: ["socket": "\(path)"])
    }

    private func refuseIfLive(_ path: String) async throws {
        guard access(path, F_OK) == 0 else { return }
        let probe = try? await ClientBootstrap(group: group).connect(unixDomainSocketPath: path).get()
        if let probe {
            try? await probe.close()
            throw ServerStartError(description: "another server is already listening on \(path)")
        }
    }

    /// Identifies the peer (SO_PEERCRED, at accept: a peer cannot change it later), decides
    /// whether it is served (`ConnectionAdmission`), and installs the decoder and handler.
    private func initialize(_ channel: any Channel) -> EventLoopFuture<Void> {
        let id = ObjectIdentifier(channel)
        state.withLockedValue { state in
            state.accepted += 1
            state.connections[id] = channel
        }
        channel.closeFuture.whenComplete { [self] _ in self.connectionClosed(id) }
        return PeerCredentials.read(from: channel).flatMapThrowing { [self] credentials in
            let peer = self.identify(credentials)
            let (decision, evicted) = self.state.withLockedValue { state -> (ConnectionAdmission<ObjectIdentifier>.Decision, [any Channel]) in
                let decision = state.admission.admit(id, uid: peer.uid, role: peer.role)
                switch decision {
                case .admit: return (decision, [])
                case .admitEvicting(let keys): return (decision, keys.compactMap { state.connections[$0] })
                case .refuse:
                    state.refused += 1
                    return (decision, [])
                }
            }
            for connection in evicted {
                connection.pipeline.fireUserInboundEventTriggered(ServerConnectionHandler.ShutdownEvent.evictIdle)
            }
            var refusal: String?
            if case .refuse(let reason) = decision {
                refusal = reason
                self.logger.notice("connection refused", metadata: ["peer": "\(peer)", "reason": "\(reason)"])
            }
            let activity: @Sendable (ServerConnectionHandler.ActivityEvent) -> Void = { [state] event in
                let now = NIODeadline.now().uptimeNanoseconds
                state.withLockedValue { state in
                    switch event {
                    case .idle: state.admission.becameIdle(id, at: now)
                    case .busy: state.admission.becameBusy(id)
                    }
                }
            }
            let sync = channel.pipeline.syncOperations
            try sync.addHandler(ByteToMessageHandler(FrameDecoder(expectPreface: true, maxFrameBytes: self.configuration.limits.maxFrameBytes)))
            try sync.addHandler(ServerConnectionHandler(
                router: self.router, configuration: self.configuration, logger: self.logger,
                peer: peer, refusal: refusal, activity: activity
            ))
        }
    }

    private func identify(_ credentials: PeerCredentials?) -> PeerIdentity {
        guard let credentials else { return PeerIdentity(uid: UInt32.max, gid: UInt32.max, pid: -1, role: .none) }
        let role = configuration.access.role(
            uid: credentials.uid, gid: credentials.gid,
            supplementaryGIDs: PeerCredentials.supplementaryGroups(ofProcess: credentials.pid)
        )
        return PeerIdentity(uid: credentials.uid, gid: credentials.gid, pid: credentials.pid, role: role)
    }

    /// Forgets a closed connection and, at most once a second, hands freed memory back.
    private func connectionClosed(_ id: ObjectIdentifier) {
        let scheduleTrim = state.withLockedValue { state -> Bool in
            state.connections[id] = nil
            state.admission.remove(id)
            guard configuration.releaseFreedMemory != nil, !state.trimScheduled else { return false }
            state.trimScheduled = true
            return true
        }
        guard scheduleTrim, let release = configuration.releaseFreedMemory else { return }
        group.next().scheduleTask(in: .seconds(1)) { [state] in
            state.withLockedValue { $0.trimScheduled = false }
            release()
        }
    }

    /// Connections refused since start (over a connection limit).
    public var refusedCount: Int { state.withLockedValue { $0.refused } }

    /// Connections counted against the limits right now (refused ones are not).
    public var admittedCount: Int { state.withLockedValue { $0.admission.count } }

    /// Connections open right now.
    public var connectionCount: Int { state.withLockedValue { $0.connections.count } }

    /// Stops accepting, lets calls in flight finish for up to `grace`, then closes what is left.
    public func shutdown(grace: Duration) async {
        let (listener, connections) = state.withLockedValue { state in
            let listener = state.listener
            state.listener = nil
            return (listener, Array(state.connections.values))
        }
        try? await listener?.close()
        unlink(configuration.socketPath)
        for connection in connections {
            connection.pipeline.fireUserInboundEventTriggered(ServerConnectionHandler.ShutdownEvent.graceful)
        }
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline, connectionCount > 0 {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let stragglers = state.withLockedValue { Array($0.connections.values) }
        if !stragglers.isEmpty {
            logger.warning("closing connections with calls still running after the grace period", metadata: ["count": "\(stragglers.count)"])
        }
        for connection in stragglers {
            connection.pipeline.fireUserInboundEventTriggered(ServerConnectionHandler.ShutdownEvent.force)
        }
        for connection in stragglers {
            try? await connection.closeFuture.get()
        }
        logger.info("stopped listening", metadata: ["socket": "\(configuration.socketPath)"])
    }
}
