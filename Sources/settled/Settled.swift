import ArgumentParser
import Foundation
import Logging
import SettleHost
import SettleModules

/// The Settle host: loads the service modules and serves them on a Unix socket.
@main
struct Settled: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settled",
        abstract: "Run the Settle host: every service module, served on a Unix socket.",
        discussion: """
            With no options it keeps its data in ./data and listens on ./data/settled.sock.
            Settings come from --config (JSON, see deploy/settled.example.json), then SETTLE_* \
            environment variables, then these flags. SIGTERM or SIGINT stops it gracefully.
            """,
        version: HostRuntime.version
    )

    @Option(name: .long, help: "JSON configuration file.")
    var config: String?

    @Option(name: .long, help: "Data folder for the module stores (default ./data).")
    var data: String?

    @Option(name: .long, help: "Socket path (default <data>/settled.sock).")
    var socket: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    func run() async throws {
        var configuration: HostConfiguration
        do {
            configuration = try await HostConfiguration.load(file: config)
        } catch {
            throw ValidationError("\(error)")
        }
        if let data {
            let socketFollowsData = socket == nil && ProcessInfo.processInfo.environment["SETTLE_SOCKET_PATH"] == nil
            configuration.dataDirectory = data
            if socketFollowsData { configuration.socketPath = (data as NSString).appendingPathComponent("settled.sock") }
        }
        if let socket { configuration.socketPath = socket }
        if let logLevel {
            guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown log level \(logLevel)") }
            configuration.logLevel = level
        }
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "settled")
        do {
            try await SettleHostService.runUntilSignalled(configuration: configuration, modules: BuiltInModules.all, logger: logger)
        } catch {
            logger.critical("settled could not run: \(error)")
            throw ExitCode(1)
        }
    }
}
