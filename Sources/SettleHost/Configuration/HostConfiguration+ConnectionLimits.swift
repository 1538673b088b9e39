import Configuration
import SettleModuleSDK
import SettleTransport
import SettleWire

extension HostConfiguration {
    /// Reads the connection shares, the per-connection byte bound and the trusted host uids.
    ///
    /// Keys: `limits.reservedPrivilegedConnections` (default 64), `limits.maxConnectionsPerUid`
    /// (256), `limits.maxOutboundBytesPerConnection` (4 MiB), `access.trustedHostUids` ([]).
    mutating func loadConnectionLimits(from config: ConfigReader) throws {
        let defaults = ConnectionLimits.defaults
        let reserved = config.int(forKey: "limits.reservedPrivilegedConnections", default: defaults.reservedForPrivileged)
        guard reserved >= 0, reserved < maxConnections else {
            throw ConfigurationError(description: "limits.reservedPrivilegedConnections must be at least 0 and below limits.maxConnections (\(maxConnections)), not \(reserved)")
        }
        let perUID = config.int(forKey: "limits.maxConnectionsPerUid", default: defaults.maxPerUID)
        guard perUID > 0 else { throw ConfigurationError(description: "limits.maxConnectionsPerUid must be a positive number, not \(perUID)") }
        let outbound = config.int(forKey: "limits.maxOutboundBytesPerConnection", default: defaults.maxOutboundBytes)
        guard outbound >= 64 << 10 else {
            throw ConfigurationError(description: "limits.maxOutboundBytesPerConnection must be at least 65536, not \(outbound)")
        }
        guard limits.maxFrameBytes >= WireLimits.minimumFrameBytes else {
            throw ConfigurationError(description: "limits.maxFrameBytes must be at least \(WireLimits.minimumFrameBytes) (WIRE.md §5.2), not \(limits.maxFrameBytes)")
        }
        connectionLimits = ConnectionLimits(reservedForPrivileged: reserved, maxPerUID: perUID, maxOutboundBytes: outbound)
        var trusted = Set<UInt32>()
        for uid in config.intArray(forKey: "access.trustedHostUids", default: []) {
            guard let id = UInt32(exactly: uid) else { throw ConfigurationError(description: "access.trustedHostUids holds \(uid), which is not a uid") }
            trusted.insert(id)
        }
        trustedHostUIDs = trusted
    }

    /// What the socket server is told, from this configuration.
    func serverConfiguration(agent: String) -> ServerConfiguration {
        var server = ServerConfiguration(
            socketPath: socketPath,
            socketMode: socketMode,
            limits: limits,
            maxConnections: maxConnections,
            handshakeTimeout: handshakeTimeout,
            idleTimeout: idleTimeout,
            access: access,
            agent: agent
        )
        server.connectionLimits = connectionLimits
        server.trustedHostUIDs = trustedHostUIDs
        server.releaseFreedMemory = { FreedMemory.release() }
        return server
    }
}
