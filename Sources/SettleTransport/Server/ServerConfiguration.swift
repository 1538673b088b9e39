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
    /// Per-uid and privileged shares of `maxConnections`, and the per-connection byte bound.
    public var connectionLimits = ConnectionLimits.defaults
    /// Uids of other hosts whose connections may state, in metadata, the caller they act for
    /// (see `ForwardedIdentity`); from anyone else such metadata is refused.
    public var trustedHostUIDs: Set<UInt32> = []
    /// Called (at most once a second) after connections have closed, to hand the memory they
    /// used back to the system; the host passes the SDK's `FreedMemory.release`.
    public var releaseFreedMemory: (@Sendable () -> Void)?

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
