public import SettleTransport
public import SettleWire

extension TestHost {
    /// A raw RPC connection to the host's socket: what a runtime test needs to choose the wire
    /// limits and compression itself, below ``SettleClient``.
    public func connect(limits: WireLimits = .defaults, compressRequests: Bool = true) async throws -> RPCConnection {
        try await RPCConnection.connect(to: socketPath, limits: limits, compressRequests: compressRequests)
    }
}
