internal import Foundation
internal import Synchronization

/// The gate every store write of a host passes, so the host can stop writes across all
/// modules for a moment and see every store at one point in time.
///
/// Each write transaction (``ModuleStore/write(_:)``, ``ModuleStore/idempotent(method:key:requestFingerprint:body:)``)
/// enters before it starts and leaves when it ends. ``quiesce(drainTimeout:_:)`` closes the
/// gate, waits for the writes already in flight to finish (at most `drainTimeout`), runs its
/// body — which must be short: the host only opens a read snapshot of each store there — and
/// opens the gate again. Writes arriving meanwhile wait at the gate, never longer than the
/// drain plus the body; reads never wait.
///
/// A transaction is the unit because a module's writes are each consistent on their own, and
/// every cross-module flow writes its steps in dependency order (Rating marks a bill posted
/// only after Collections answered its charge): a cut between transactions is a state the
/// flow passes through, which a restore resumes.
public final class WriteGate: Sendable {
    private struct State {
        var inFlight = 0
        var closed = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Waits while the gate is closed, then counts one write in flight.
    func enter() async {
        let entered = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.inFlight += 1
            return true
        }
        if entered { return }
        while true {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.closed {
                        state.waiting.append(continuation)
                        return false
                    }
                    return true
                }
                if resumeNow { continuation.resume() }
            }
            let entered = state.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.inFlight += 1
                return true
            }
            if entered { return }
        }
    }

    /// Ends a write counted by ``enter()``.
    func leave() {
        state.withLock { $0.inFlight -= 1 }
    }

    /// Writes in flight now (for diagnostics and tests).
    public var writesInFlight: Int { state.withLock { $0.inFlight } }

    /// Why a quiesce gave up: writes still running after the drain bound.
    public struct DrainTimeout: Error, CustomStringConvertible {
        public let stillRunning: Int
        public let waited: Duration
        public var description: String {
            "\(stillRunning) write(s) were still running after \(waited); nothing was held longer. Retry when the load is lower"
        }
    }

    /// What a quiesce measured: how long writes were held and how long the drain took.
    public struct Hold: Sendable {
        public let drained: Duration
        public let held: Duration
    }

    /// Closes the gate, waits until no write is in flight (at most `drainTimeout`), runs `body`
    /// with every store quiet, then opens the gate, whatever happened.
    ///
    /// - Throws: ``DrainTimeout`` when writes did not drain in time (the gate is open again,
    ///   `body` did not run), or what `body` throws.
    public func quiesce<T>(drainTimeout: Duration, _ body: () throws -> T) async throws -> (T, Hold) {
        let clock = ContinuousClock()
        let started = clock.now
        // One quiesce at a time: a second one waits for the first to open the gate.
        while !state.withLock({ state -> Bool in
            if state.closed { return false }
            state.closed = true
            return true
        }) {
            let waited = clock.now - started
            if waited > drainTimeout { throw DrainTimeout(stillRunning: writesInFlight, waited: waited) }
            try? await Task.sleep(for: .milliseconds(1))
        }
        defer { reopen() }
        while writesInFlight > 0 {
            let waited = clock.now - started
            if waited > drainTimeout { throw DrainTimeout(stillRunning: writesInFlight, waited: waited) }
            try? await Task.sleep(for: .milliseconds(1))
        }
        let drained = clock.now - started
        let result = try body()
        return (result, Hold(drained: drained, held: clock.now - started))
    }

    private func reopen() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = false
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}
