/// How many connections a server keeps, and for whom (WIRE.md §14), so that no caller can
/// lock the others out: one uid cannot take more than its share, a reserve is kept for
/// supervisors and admins, and idle connections make room for new ones.
public struct ConnectionLimits: Sendable, Hashable {
    /// Of the server's `maxConnections`, how many only supervisor and admin callers may use.
    public var reservedForPrivileged: Int
    /// Connections one uid below supervisor may hold at once (handshakes included).
    public var maxPerUID: Int
    /// Bytes a connection may hold for its peer (replies not yet written, requests of calls
    /// still running) before it stops reading new frames; it reads again at half of it.
    public var maxOutboundBytes: Int

    public init(reservedForPrivileged: Int = 64, maxPerUID: Int = 256, maxOutboundBytes: Int = 4 << 20) {
        self.reservedForPrivileged = reservedForPrivileged
        self.maxPerUID = maxPerUID
        self.maxOutboundBytes = maxOutboundBytes
    }

    public static let defaults = ConnectionLimits()
}
