/// Hands a test's stand-in state to the ``StandInModule``s a host creates.
///
/// A task-local value, so tests running at the same time each give their own host their own
/// state, and a host started outside ``handing(_:_:)`` gets fresh state.
public enum StandIns {
    @TaskLocal private static var states: [ObjectIdentifier: any Sendable] = [:]

    /// Runs `body` (which starts a host) with `state` handed to every stand-in serving a
    /// state of its type; several calls nest, one state per type.
    public static func handing<State: StandInState, Result>(
        _ state: State, _ body: () async throws -> Result
    ) async rethrows -> Result {
        var next = states
        next[ObjectIdentifier(State.self)] = state
        return try await $states.withValue(next, operation: body)
    }

    /// The state of `type` handed to the current task, if any.
    static func handed<State: StandInState>(_ type: State.Type) -> State? {
        states[ObjectIdentifier(type)] as? State
    }
}
