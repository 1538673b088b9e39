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
    private let state = NIOLockedValueBox(ServerState())

    private struct ServerState {
        var listener: (any Channel)?
        var connections: [ObjectIdentifier: any Channel] = [:]
        var accepted = 0
    }

    public init(configuration: ServerConfiguration, router: Router, group: any EventLoopGroup, logger: Logger) {
        self.configuration = configuration
        self.router = router
        self.group = group
        self.logger = logger
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

    private func initialize(_ channel: any Channel) -> EventLoopFuture<Void> {
        let id = ObjectIdentifier(channel)
        let admitted = state.withLockedValue { state -> Bool in
            state.accepted += 1
            state.connections[id] = channel
            return state.connections.count <= configuration.maxConnections
        }
        channel.closeFuture.whenComplete { [state] _ in
            state.withLockedValue { _ = $0.connections.removeValue(forKey: id) }
        }
        return channel.eventLoop.makeCompletedFuture {
            let sync = channel.pipeline.syncOperations
            try sync.addHandler(ByteToMessageHandler(FrameDecoder(expectPreface: true, maxFrameBytes: configuration.limits.maxFrameBytes)))
            try sync.addHandler(ServerConnectionHandler(router: router, configuration: configuration, logger: logger, admitted: admitted))
        }
    }

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
