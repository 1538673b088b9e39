/// How a client wants one call made.
public struct CallOptions: Sendable {
    /// Time the call may take; `nil` inherits the serving call's deadline, or none.
    public var timeout: Duration?
    public var metadata: [String: String]

    public init(timeout: Duration? = nil, metadata: [String: String] = [:]) {
        self.timeout = timeout
        self.metadata = metadata
    }

    public static let defaults = CallOptions()

    /// The deadline this call runs under: the tighter of its own timeout and the deadline of
    /// the call being served by the current task (deadline propagation).
    public func effectiveDeadline(now: ContinuousClock.Instant = .now) -> ContinuousClock.Instant? {
        let own = timeout.map { now + $0 }
        let inherited = ServerContext.current?.deadline
        switch (own, inherited) {
        case let (a?, b?): return min(a, b)
        case let (a?, nil): return a
        case let (nil, b?): return b
        case (nil, nil): return nil
        }
    }
}
