/// Decides when a connection stops reading and when it reads again, so that what one peer
/// makes the host hold for it stays under a bound (WIRE.md §3).
///
/// Counts two things: bytes handed to the socket that the kernel has not yet taken (replies
/// to a peer that does not read them), and request bytes held for calls still running (a
/// pipelined unary request whose reply is not yet queued, client-streaming messages the
/// handler has not consumed). Above `bound` the connection stops reading new frames; it
/// reads again once the total falls to half the bound, so it does not flap.
struct ReadBackPressure: Sendable {
    enum Change: Hashable, Sendable { case none, pause, resume }

    let bound: Int
    private(set) var unwrittenBytes = 0
    private(set) var heldRequestBytes = 0
    private(set) var paused = false

    init(bound: Int) {
        self.bound = bound
    }

    var total: Int { unwrittenBytes + heldRequestBytes }

    /// Bytes handed to the socket.
    mutating func queued(_ count: Int) -> Change {
        unwrittenBytes += count
        return evaluate()
    }

    /// Bytes the socket wrote (or dropped, when the connection closed).
    mutating func written(_ count: Int) -> Change {
        unwrittenBytes = max(0, unwrittenBytes - count)
        return evaluate()
    }

    /// Request bytes a running call holds.
    mutating func held(_ count: Int) -> Change {
        heldRequestBytes += count
        return evaluate()
    }

    /// Request bytes a call no longer holds (consumed, or the call ended).
    mutating func released(_ count: Int) -> Change {
        heldRequestBytes = max(0, heldRequestBytes - count)
        return evaluate()
    }

    private mutating func evaluate() -> Change {
        if !paused && total > bound {
            paused = true
            return .pause
        }
        if paused && total <= bound / 2 {
            paused = false
            return .resume
        }
        return .none
    }
}
