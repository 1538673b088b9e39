/// Maps socket credentials to a role, as the host's configuration says.
///
/// Kept apart from the transport so the same decision applies over a socket and in-process.
public struct AccessPolicy: Sendable, Hashable {
    public var roleByUID: [UInt32: Role]
    public var roleByGID: [UInt32: Role]
    public var defaultRole: Role

    public init(roleByUID: [UInt32: Role] = [:], roleByGID: [UInt32: Role] = [:], defaultRole: Role = .viewer) {
        self.roleByUID = roleByUID
        self.roleByGID = roleByGID
        self.defaultRole = defaultRole
    }

    /// The policy with no configuration: root and the host's own user administer, others view.
    public static func standard(hostUID: UInt32) -> AccessPolicy {
        var policy = AccessPolicy(defaultRole: .viewer)
        policy.roleByUID[0] = .admin
        policy.roleByUID[hostUID] = .admin
        return policy
    }

    /// The highest role granted to the uid, its primary gid, or its supplementary groups.
    public func role(uid: UInt32, gid: UInt32, supplementaryGIDs: [UInt32] = []) -> Role {
        var best = roleByUID[uid] ?? defaultRole
        for group in [gid] + supplementaryGIDs {
            if let granted = roleByGID[group], granted > best { best = granted }
        }
        return best
    }

    /// Throws PERMISSION_DENIED, naming method and roles, when `peer` may not call `method`.
    public static func check(_ peer: PeerIdentity, mayCall method: MethodDescriptor) throws(RPCError) {
        guard peer.role.satisfies(method.requiredRole) else {
            throw RPCError(
                .permissionDenied,
                "\(method.fullName) requires role \(method.requiredRole); caller uid \(peer.uid) has role \(peer.role)"
            )
        }
    }
}
