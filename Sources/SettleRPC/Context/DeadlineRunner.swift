/// Runs a handler so that it is cancelled when its deadline passes and the call then ends
/// with DEADLINE_EXCEEDED, whatever the handler did with the cancellation.
public enum DeadlineRunner {
    public static func run<T: Sendable>(
        method: MethodDescriptor,
        deadline: ContinuousClock.Instant?,
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard let deadline else { return try await body() }
        if deadline <= .now { throw RPCError.deadlineExceeded(method) }
        return try await withThrowingTaskGroup(of: Outcome<T>.self) { group in
            group.addTask { .finished(try await body()) }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return .expired
            }
            defer { group.cancelAll() }
            while let outcome = try await group.next() {
                switch outcome {
                case .finished(let value): return value
                case .expired:
                    if Task.isCancelled { throw RPCError.from(CancellationError()) }
                    throw RPCError.deadlineExceeded(method)
                }
            }
            throw RPCError.from(CancellationError())
        }
    }

    private enum Outcome<T: Sendable>: Sendable {
        case finished(T)
        case expired
    }
}
