public import SettleRPC
public import SettleWire

/// Everything a socket server needs to know besides its router.
public struct ServerConfiguration: Sendable {
    public var socketPath: String
    /// File mode of the socket file; 0660 lets the owner and its group connect.
    public var socketMode: UInt16
    public var limits: WireLimits
    public var maxConnections: Int
    public var handshakeTimeout: Duration
    public var idleTimeout: Duration
    public var access: AccessPolicy
    /// Name sent in SETTINGS, for peers' logs.
    public var agent: String

    public init(
        socketPath: String,
        socketMode: UInt16 = 0o660,
        limits: WireLimits = .defaults,
        maxConnections: Int = 1024,
        handshakeTimeout: Duration = .seconds(5),
        idleTimeout: Duration = .seconds(300),
        access: AccessPolicy,
        agent: String = "settled"
    ) {
        self.socketPath = socketPath
        self.socketMode = socketMode
        self.limits = limits
        self.maxConnections = maxConnections
        self.handshakeTimeout = handshakeTimeout
        self.idleTimeout = idleTimeout
        self.access = access
        self.agent = agent
    }
}
