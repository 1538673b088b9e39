public import Logging
public import ServiceLifecycle
public import SettleModuleSDK
import UnixSignals

/// `settled` as a swift-service-lifecycle service: starts the host, waits for SIGTERM/SIGINT
/// (delivered by the ServiceGroup as graceful shutdown), then drains and stops it.
public struct SettleHostService: Service {
    public let configuration: HostConfiguration
    public let modules: [any SettleModule.Type]
    public let logger: Logger

    public init(configuration: HostConfiguration, modules: [any SettleModule.Type], logger: Logger) {
        self.configuration = configuration
        self.modules = modules
        self.logger = logger
    }

    public func run() async throws {
        let runtime = try await HostRuntime.start(configuration: configuration, modules: modules, logger: logger)
        try? await gracefulShutdown()
        await runtime.shutdown()
    }

    /// Runs the host until a signal stops it.
    public static func runUntilSignalled(configuration: HostConfiguration, modules: [any SettleModule.Type], logger: Logger) async throws {
        let service = SettleHostService(configuration: configuration, modules: modules, logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}
