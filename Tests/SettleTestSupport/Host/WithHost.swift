/// A test host that can be stopped: ``TestHost``'s wrappers in each test target.
public protocol StoppableHost: Sendable {
    /// Stops the host and removes what it left.
    func shutdown() async
}

/// Runs `body` against `host` and always shuts it down, also when `body` throws.
public func withHost<Host: StoppableHost>(_ host: Host, _ body: (Host) async throws -> Void) async throws {
    do {
        try await body(host)
    } catch {
        await host.shutdown()
        throw error
    }
    await host.shutdown()
}
