/// Indexed jobs with a bound on how many run at once: what every bulk phase of the driver
/// does (batches of a load, cycles of a run), written once.
enum Concurrently {
    /// Runs jobs `0..<count`, at most `inFlight` at a time; their results in completion order.
    static func map<T: Sendable>(_ count: Int, inFlight: Int, _ job: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: T.self) { group in
            var next = 0
            var results: [T] = []
            results.reserveCapacity(count)
            while next < min(max(1, inFlight), count) {
                let index = next
                group.addTask { try await job(index) }
                next += 1
            }
            while let result = try await group.next() {
                results.append(result)
                if next < count {
                    let index = next
                    group.addTask { try await job(index) }
                    next += 1
                }
            }
            return results
        }
    }

    /// Runs jobs `0..<count`, at most `inFlight` at a time.
    static func run(_ count: Int, inFlight: Int, _ job: @escaping @Sendable (Int) async throws -> Void) async throws {
        _ = try await map(count, inFlight: inFlight, job)
    }
}
