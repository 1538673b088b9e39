import Configuration
public import Foundation
import Logging
import SettleRPC
import SettleWire
import SystemPackage

/// Why the configuration could not be used; names the key and the bad value.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
}

extension HostConfiguration {
    /// Reads the configuration from environment variables (`SETTLE_…`, highest priority) and an
    /// optional JSON file (see deploy/settled.example.json); anything unset keeps its default.
    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> HostConfiguration {
        var providers: [any ConfigProvider] = [
            EnvironmentVariablesProvider(environmentVariables: environment).mapKeys { key in
                key.prepending(["settle"])
            },
        ]
        if let file {
            guard FileManager.default.fileExists(atPath: file) else {
                throw ConfigurationError(description: "configuration file \(file) does not exist")
            }
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(file)))
            } catch {
                throw ConfigurationError(description: "configuration file \(file) is not valid JSON: \(error)")
            }
        }
        return try HostConfiguration(reader: ConfigReader(providers: providers))
    }

    init(reader config: ConfigReader) throws {
        let defaults = HostConfiguration()
        let dataDirectory = config.string(forKey: "dataDirectory", default: defaults.dataDirectory)
        self.init(dataDirectory: dataDirectory, socketPath: config.string(forKey: "socket.path"))
        if let mode = config.string(forKey: "socket.mode") {
            guard let parsed = UInt16(mode, radix: 8), parsed <= 0o777 else {
                throw ConfigurationError(description: "socket.mode \"\(mode)\" is not an octal file mode such as 0660")
            }
            socketMode = parsed
        }
        if let zone = config.string(forKey: "timeZone") {
            guard let parsed = TimeZone(identifier: zone) else {
                throw ConfigurationError(description: "timeZone \"\(zone)\" is not a known time zone identifier such as America/Chicago")
            }
            timeZone = parsed
        }
        if let level = config.string(forKey: "logLevel") {
            guard let parsed = Logger.Level(rawValue: level) else {
                throw ConfigurationError(description: "logLevel \"\(level)\" is not one of trace, debug, info, notice, warning, error, critical")
            }
            logLevel = parsed
        }
        func positive(_ key: String, _ fallback: Int) throws -> Int {
            let value = config.int(forKey: ConfigKey(key), default: fallback)
            guard value > 0 else { throw ConfigurationError(description: "\(key) must be a positive number, not \(value)") }
            return value
        }
        limits = WireLimits(
            maxFrameBytes: try positive("limits.maxFrameBytes", defaults.limits.maxFrameBytes),
            maxMessageBytes: try positive("limits.maxMessageBytes", defaults.limits.maxMessageBytes),
            maxConcurrentStreams: try positive("limits.maxConcurrentStreams", defaults.limits.maxConcurrentStreams),
            compressionThresholdBytes: try positive("limits.compressionThresholdBytes", defaults.limits.compressionThresholdBytes)
        )
        maxConnections = try positive("limits.maxConnections", defaults.maxConnections)
        handshakeTimeout = .milliseconds(try positive("limits.handshakeTimeoutMs", 5_000))
        idleTimeout = .milliseconds(try positive("limits.idleTimeoutMs", 300_000))
        shutdownGrace = .milliseconds(try positive("limits.shutdownGraceMs", 10_000))

        var policy = defaults.access
        if let name = config.string(forKey: "access.defaultRole") {
            guard let role = Role(name: name) else {
                throw ConfigurationError(description: "access.defaultRole \"\(name)\" is not one of none, viewer, clerk, supervisor, admin")
            }
            policy.defaultRole = role
        }
        for role in Role.allCases where role != .none {
            for uid in config.intArray(forKey: ConfigKey("access.\(role.name).uids"), default: []) {
                guard let id = UInt32(exactly: uid) else { throw ConfigurationError(description: "access.\(role.name).uids holds \(uid), which is not a uid") }
                policy.roleByUID[id] = role
            }
            for gid in config.intArray(forKey: ConfigKey("access.\(role.name).gids"), default: []) {
                guard let id = UInt32(exactly: gid) else { throw ConfigurationError(description: "access.\(role.name).gids holds \(gid), which is not a gid") }
                policy.roleByGID[id] = role
            }
        }
        access = policy
        disabledModules = Set(config.stringArray(forKey: "modules.disabled", default: []))
        for entry in config.stringArray(forKey: "modules.remote", default: []) {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ConfigurationError(description: "modules.remote entry \"\(entry)\" is not CONTRACT=SOCKET_PATH")
            }
            remoteContracts[parts[0]] = parts[1]
        }
        diagnostics = config.bool(forKey: "diagnostics", default: true)
        dataSafety = try DataSafetySettings(reader: config, dataDirectory: dataDirectory)
        try loadConnectionLimits(from: config)
    }
}
