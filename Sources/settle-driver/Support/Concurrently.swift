/// Indexed jobs with a bound on how many run at once: what every bulk phase of the driver
/// does (batches of a load, cycles of a run), written once.
enum Concurrently {
    /// Runs jobs `0..<count`, at most `inFlight` at a time; their results in job order, so a
    /// demo from one seed reads the same however the jobs happened to finish.
    static func map<T: Sendable>(_ count: Int, inFlight: Int, _ job: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var next = 0
            var results: [T?] = Array(repeating: nil, count: count)
            while next < min(max(1, inFlight), count) {
                let index = next
                group.addTask { (index, try await job(index)) }
                next += 1
            }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < count {
                    let index = next
                    group.addTask { (index, try await job(index)) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }

    /// Runs jobs `0..<count`, at most `inFlight` at a time.
    static func run(_ count: Int, inFlight: Int, _ job: @escaping @Sendable (Int) async throws -> Void) async throws {
        _ = try await map(count, inFlight: inFlight, job)
    }
}
