import Foundation
public import Logging
import NIOPosix
import SettleContracts
public import SettleModuleSDK
public import SettleRPC
public import SettleTransport

/// A running host: modules loaded, stores open, the socket served.
///
/// Separate from the lifecycle service so tests start and stop the real thing in-process.
public final class HostRuntime: Sendable {
    public static let version = "0.1.0"

    public let configuration: HostConfiguration
    public let modules: [LoadedModule]
    public let server: UnixSocketServer
    /// The finished router, for in-process clients of this host.
    public let routerSource: RouterSource
    private let remotes: [RemoteTransport]
    private let logger: Logger
    let safety: DataSafety
    private let maintenance: Task<Void, Never>

    private init(configuration: HostConfiguration, modules: [LoadedModule], server: UnixSocketServer, routerSource: RouterSource, remotes: [RemoteTransport], logger: Logger, safety: DataSafety) {
        self.configuration = configuration
        self.modules = modules
        self.server = server
        self.routerSource = routerSource
        self.remotes = remotes
        self.logger = logger
        self.safety = safety
        maintenance = Task { await safety.maintain() }
    }

    /// Loads `modules` as `configuration` says and starts serving its socket.
    public static func start(
        configuration: HostConfiguration,
        modules: [any SettleModule.Type],
        inMemoryStores: Bool = false,
        logger: Logger = Logger(label: "settled")
    ) async throws -> HostRuntime {
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
            let socketDirectory = (configuration.socketPath as NSString).deletingLastPathComponent
            if !socketDirectory.isEmpty {
                try fileManager.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
            }
        } catch {
            throw ConfigurationError(description: "cannot create data directory \(configuration.dataDirectory): \(error.localizedDescription)")
        }
        let hostPeer = PeerIdentity(uid: UInt32(getuid()), gid: UInt32(getgid()), pid: getpid(), role: .admin, via: "host")
        var router = Router()
        let assembly = try await ModuleRegistry(modules: modules).load(
            router: &router,
            storeDirectory: inMemoryStores ? nil : configuration.dataDirectory,
            disabled: configuration.disabledModules,
            remote: configuration.remoteContracts,
            timeZone: configuration.timeZone,
            hostPeer: hostPeer,
            logger: logger
        )
        let safety: DataSafety
        do {
            let anchors = inMemoryStores ? nil : try AuditAnchors(
                path: configuration.dataSafety.effectiveAnchorPath(dataDirectory: configuration.dataDirectory),
                keyFile: configuration.dataSafety.anchorKeyFile)
            safety = DataSafety(modules: assembly.modules, gate: assembly.writeGate, anchors: anchors, settings: configuration.dataSafety, logger: logger)
        } catch {
            for module in assembly.modules { try? module.store?.close() }
            throw error
        }
        await safety.startUp()
        try router.registering(module: "host") { router in
            try HostService(modules: assembly.modules, routerSource: assembly.routerSource, startedAt: .now, version: version, safety: safety)
                .registerMethods(with: &router)
            if configuration.diagnostics {
                try DiagnosticsService().registerMethods(with: &router)
            }
        }
        assembly.routerSource.publish(router)
        let server = UnixSocketServer(
            configuration: configuration.serverConfiguration(agent: "settled/\(version)"),
            router: router,
            group: MultiThreadedEventLoopGroup.singleton,
            logger: logger
        )
        do {
            try await server.start()
        } catch {
            for module in assembly.modules { try? module.store?.close() }
            throw error
        }
        logger.info("settled started", metadata: [
            "modules": "\(assembly.modules.map(\.descriptor.name).joined(separator: ","))",
            "socket": "\(configuration.socketPath)",
            "data": "\(configuration.dataDirectory)",
        ])
        return HostRuntime(configuration: configuration, modules: assembly.modules, server: server, routerSource: assembly.routerSource, remotes: assembly.remotes, logger: logger, safety: safety)
    }

    /// Stops accepting, lets in-flight calls finish within the grace period, anchors every
    /// audit chain's head, then closes the stores, each checkpointing its WAL into its
    /// `.sqlite` file and truncating the `-wal` file.
    public func shutdown() async {
        logger.info("shutting down", metadata: ["grace": "\(configuration.shutdownGrace)"])
        await server.shutdown(grace: configuration.shutdownGrace)
        for remote in remotes { await remote.close() }
        maintenance.cancel()
        await maintenance.value
        await safety.anchorHeads(why: "stop")
        for module in modules {
            do {
                try module.store?.close()
            } catch {
                logger.error("closing store failed", metadata: ["module": "\(module.descriptor.name)", "error": "\(error)"])
            }
        }
        logger.info("settled stopped")
    }

    /// An in-process client transport to this host, acting as `peer`.
    public func inProcessTransport(as peer: PeerIdentity) -> InProcessTransport {
        InProcessTransport(source: routerSource, defaultPeer: peer)
    }
}
