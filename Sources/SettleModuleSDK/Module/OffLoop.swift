/// Runs CPU-heavy work on Swift's global executor instead of the connection's event loop.
///
/// Unary handlers start on the event loop that owns their connection (no thread hop per
/// call, which is what makes small calls fast). Work that computes for more than a few
/// milliseconds without awaiting — rating a cycle, validating thousands of reads — would hold
/// that loop and delay every other connection on it, so wrap it in this. Work done inside
/// `ModuleStore.read`/`write` already runs on the store's own queue; server-streaming handlers
/// already run off the loop.
public func offTheEventLoop<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withTaskExecutorPreference(globalConcurrentExecutor) {
        try await body()
    }
}
