public import Foundation
public import Logging
public import SettleRPC
public import SettleWire
public import SettleTransport

/// Everything `settled` can be told; the defaults run a complete host with no file at all.
public struct HostConfiguration: Sendable {
    /// Where each module's SQLite store lives (`<dataDirectory>/<module>.sqlite`).
    public var dataDirectory: String
    public var socketPath: String
    public var socketMode: UInt16
    /// The utility's time zone: service periods are local calendar dates in it.
    public var timeZone: TimeZone
    public var logLevel: Logger.Level
    public var limits: WireLimits
    public var maxConnections: Int
    public var handshakeTimeout: Duration
    public var idleTimeout: Duration
    /// How long in-flight calls may run after SIGTERM before they are cancelled.
    public var shutdownGrace: Duration
    public var access: AccessPolicy
    /// Modules not to load here (e.g. because another host serves them).
    public var disabledModules: Set<String>
    /// Contracts served by another `settled`, by contract name → socket path.
    public var remoteContracts: [String: String]
    /// Whether the Diagnostics service (echo, upload, sleep) is served.
    public var diagnostics: Bool
    /// Audit-chain anchors and backup holds (`audit.*`, `backup.*`).
    public var dataSafety = DataSafetySettings()
    /// Per-uid and privileged shares of the connections, per-connection byte bound
    /// (`limits.*`, see HostConfiguration+ConnectionLimits.swift).
    public var connectionLimits = ConnectionLimits.defaults
    /// Uids of other hosts trusted to state the caller they act for (`access.trustedHostUids`).
    public var trustedHostUIDs: Set<UInt32> = []

    public init(
        dataDirectory: String = "./data",
        socketPath: String? = nil,
        socketMode: UInt16 = 0o660,
        timeZone: TimeZone = TimeZone(identifier: "America/Chicago") ?? .current,
        logLevel: Logger.Level = .info,
        limits: WireLimits = .defaults,
        maxConnections: Int = 1024,
        handshakeTimeout: Duration = .seconds(5),
        idleTimeout: Duration = .seconds(300),
        shutdownGrace: Duration = .seconds(10),
        access: AccessPolicy = .standard(hostUID: UInt32(getuid())),
        disabledModules: Set<String> = [],
        remoteContracts: [String: String] = [:],
        diagnostics: Bool = true
    ) {
        self.dataDirectory = dataDirectory
        self.socketPath = socketPath ?? (dataDirectory as NSString).appendingPathComponent("settled.sock")
        self.socketMode = socketMode
        self.timeZone = timeZone
        self.logLevel = logLevel
        self.limits = limits
        self.maxConnections = maxConnections
        self.handshakeTimeout = handshakeTimeout
        self.idleTimeout = idleTimeout
        self.shutdownGrace = shutdownGrace
        self.access = access
        self.disabledModules = disabledModules
        self.remoteContracts = remoteContracts
        self.diagnostics = diagnostics
    }
}
