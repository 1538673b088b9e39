/// Who is calling: read from the socket (SO_PEERCRED), or the host itself for in-process calls.
///
/// Handlers use it for access decisions and as the actor of audit records.
public struct PeerIdentity: Sendable, Hashable, CustomStringConvertible {
    public let uid: UInt32
    public let gid: UInt32
    public let pid: Int32
    public let role: Role
    /// Set when the call came from another module in the same process on a peer's behalf.
    public let via: String?

    public init(uid: UInt32, gid: UInt32, pid: Int32, role: Role, via: String? = nil) {
        self.uid = uid
        self.gid = gid
        self.pid = pid
        self.role = role
        self.via = via
    }

    /// The actor name written into audit records, e.g. `uid:1001` or `uid:1001 via rating`.
    public var actor: String {
        if let via { return "uid:\(uid) via \(via)" }
        return "uid:\(uid)"
    }

    public var description: String { "uid=\(uid) gid=\(gid) pid=\(pid) role=\(role)" }

    /// The same peer, marked as reaching another module through `module`.
    public func relayed(by module: String) -> PeerIdentity {
        PeerIdentity(uid: uid, gid: gid, pid: pid, role: role, via: via ?? module)
    }
}
