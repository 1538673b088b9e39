/// What a handler knows about the call it is serving, beyond the request itself.
public struct ServerContext: Sendable {
    public let method: MethodDescriptor
    public let peer: PeerIdentity
    /// When the caller stops waiting; `nil` when it set no deadline.
    public let deadline: ContinuousClock.Instant?
    public let metadata: [String: String]

    public init(
        method: MethodDescriptor,
        peer: PeerIdentity,
        deadline: ContinuousClock.Instant?,
        metadata: [String: String] = [:]
    ) {
        self.method = method
        self.peer = peer
        self.deadline = deadline
        self.metadata = metadata
    }

    /// The call being served by the current task, so that calls a handler makes to other
    /// modules inherit its deadline and caller without every signature passing them on.
    @TaskLocal public static var current: ServerContext?

    /// Time left before the deadline, `nil` when there is none.
    public var timeRemaining: Duration? {
        deadline.map { $0 - ContinuousClock.now }
    }

    /// The idempotency key the caller sent in metadata (`idempotency-key`), if any.
    public var idempotencyKey: String? { metadata[MetadataKey.idempotencyKey] }
}

/// Metadata keys with meaning to the runtime or the SDK.
public enum MetadataKey {
    public static let idempotencyKey = "idempotency-key"
    public static let reason = "reason"
}
