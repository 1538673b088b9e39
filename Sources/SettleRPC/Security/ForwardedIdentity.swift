/// The caller a host acts for when one of its modules calls a module served by another host
/// (WIRE.md §17.4): carried in request metadata, believed only from trusted host uids.
///
/// Without it the remote host would see only the calling host's own uid, so it could not
/// authorise, or audit, the person who asked.
public enum ForwardedIdentity {
    public static let uidKey = "settle-on-behalf-of-uid"
    public static let gidKey = "settle-on-behalf-of-gid"
    public static let roleKey = "settle-on-behalf-of-role"
    public static let viaKey = "settle-on-behalf-of-via"
    static let keys = [uidKey, gidKey, roleKey, viaKey]

    /// The metadata that states `peer` (as the first host saw it) called through `module`.
    public static func metadata(for peer: PeerIdentity, via module: String) -> [String: String] {
        [
            uidKey: String(peer.uid),
            gidKey: String(peer.gid),
            roleKey: peer.role.name,
            viaKey: peer.via ?? module,
        ]
    }

    /// Whether `metadata` states a forwarded caller at all.
    public static func isPresent(in metadata: [String: String]) -> Bool {
        keys.contains { metadata[$0] != nil }
    }

    /// The identity a call runs as: `connectionPeer` itself, or — when the metadata states a
    /// forwarded caller and the connection's uid is a trusted host — that caller, marked with
    /// the hop. The forwarding keys are removed from the metadata the handler sees.
    ///
    /// - Throws: PERMISSION_DENIED when an untrusted peer states a caller; INVALID_ARGUMENT
    ///   when the stated caller is malformed.
    public static func resolve(
        _ metadata: inout [String: String],
        connectionPeer: PeerIdentity,
        trustedHostUIDs: Set<UInt32>
    ) throws(RPCError) -> PeerIdentity {
        guard isPresent(in: metadata) else { return connectionPeer }
        guard trustedHostUIDs.contains(connectionPeer.uid) else {
            throw RPCError(.permissionDenied, "uid \(connectionPeer.uid) is not a trusted host: it may not call on behalf of another caller")
        }
        guard let uid = metadata[uidKey].flatMap({ UInt32($0) }),
              let gid = metadata[gidKey].flatMap({ UInt32($0) }),
              let roleName = metadata[roleKey], let role = Role(name: roleName),
              let via = metadata[viaKey], !via.isEmpty
        else {
            throw RPCError(.invalidArgument, "metadata \(keys.joined(separator: ", ")) must all be present and valid (uid, gid, role name, module)")
        }
        for key in keys { metadata[key] = nil }
        return PeerIdentity(uid: uid, gid: gid, pid: connectionPeer.pid, role: role, via: "\(via) on host uid \(connectionPeer.uid)")
    }
}
