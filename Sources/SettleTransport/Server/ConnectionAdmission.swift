import SettleRPC

/// Decides, for each accepted connection, whether it is served, and which idle connections
/// are closed to make room (oldest idle first). A value type with no I/O; the server keeps
/// one behind a lock, keyed by connection.
///
/// Every accepted and admitted connection counts from accept until it closes, its handshake
/// included; refused connections do not count. Callers below supervisor share
/// `maxConnections - reservedForPrivileged` and each uid among them at most `maxPerUID`;
/// supervisors and admins may use every slot.
struct ConnectionAdmission<Key: Hashable & Sendable>: Sendable {
    struct Entry: Sendable {
        var uid: UInt32
        var privileged: Bool
        /// Since when the connection has had no open call, once past its handshake; nil while
        /// it is in its handshake or has a call open (so it is never chosen for eviction).
        var idleSince: UInt64?
        /// Chosen for eviction and being closed: no longer counted, never chosen again.
        var closing = false
    }

    enum Decision: Equatable, Sendable {
        case admit
        /// Admit, and close these idle connections (oldest first) to make room.
        case admitEvicting([Key])
        /// Refuse, with the reason sent in the GOAWAY.
        case refuse(String)
    }

    let maxConnections: Int
    let limits: ConnectionLimits
    private(set) var entries: [Key: Entry] = [:]

    init(maxConnections: Int, limits: ConnectionLimits) {
        self.maxConnections = maxConnections
        self.limits = limits
    }

    /// Slots callers below supervisor share; at least one, whatever the reserve.
    var sharedSlots: Int { max(1, maxConnections - limits.reservedForPrivileged) }

    /// Connections counted against the limits (those being evicted are not).
    var count: Int { entries.values.filter { !$0.closing }.count }

    static func isPrivileged(_ role: Role) -> Bool { role >= .supervisor }

    /// Whether a new connection from `uid` with `role` is served; records it when it is.
    mutating func admit(_ key: Key, uid: UInt32, role: Role) -> Decision {
        let privileged = Self.isPrivileged(role)
        var evict: [Key] = []
        var evicted = Set<Key>()
        func live(_ filter: (Entry) -> Bool) -> Int {
            entries.reduce(0) { $0 + (!evicted.contains($1.key) && !$1.value.closing && filter($1.value) ? 1 : 0) }
        }
        /// Marks the oldest idle connection matching `filter` for closing; false if none is idle.
        func evictOldest(_ filter: (Entry) -> Bool) -> Bool {
            let candidate = entries
                .filter { !evicted.contains($0.key) && !$0.value.closing && $0.value.idleSince != nil && filter($0.value) }
                .min { ($0.value.idleSince ?? 0) < ($1.value.idleSince ?? 0) }
            guard let candidate else { return false }
            evicted.insert(candidate.key)
            evict.append(candidate.key)
            return true
        }
        if !privileged {
            while live({ !$0.privileged && $0.uid == uid }) >= limits.maxPerUID {
                guard evictOldest({ !$0.privileged && $0.uid == uid }) else {
                    return .refuse("too many connections from uid \(uid) (limit \(limits.maxPerUID)); retry later")
                }
            }
            let shared = sharedSlots
            while live({ !$0.privileged }) >= shared {
                guard evictOldest({ !$0.privileged }) else {
                    return .refuse("too many connections (limit \(shared) for callers below supervisor); retry later")
                }
            }
        }
        while live({ _ in true }) >= maxConnections {
            guard evictOldest({ _ in true }) else {
                return .refuse("too many connections (limit \(maxConnections)); retry later")
            }
        }
        for key in evict { entries[key]?.closing = true }
        entries[key] = Entry(uid: uid, privileged: privileged, idleSince: nil)
        return evict.isEmpty ? .admit : .admitEvicting(evict)
    }

    /// The connection finished its handshake or ended its last call at `now`: it may be evicted.
    mutating func becameIdle(_ key: Key, at now: UInt64) {
        guard entries[key]?.closing == false else { return }
        entries[key]?.idleSince = now
    }

    /// The connection opened a call: it is not evicted while the call runs.
    mutating func becameBusy(_ key: Key) {
        entries[key]?.idleSince = nil
    }

    mutating func remove(_ key: Key) {
        entries[key] = nil
    }
}
