public import SettleClient
public import SettleHost

/// A test target's wrapper over ``TestHost``: it names its modules and clients, and gets the
/// rest (runtime, folder, socket client, shutdown) from `base`.
public protocol TestHostWrapper: Sendable {
    var base: TestHost { get }
    /// Stops the host and removes its folder.
    func shutdown() async
}

extension TestHostWrapper {
    public var runtime: HostRuntime { base.runtime }
    public var directory: String { base.directory }
    /// The client over the socket; only a `.live` host has one.
    public var remote: SettleClient { base.remote }

    public func shutdown() async { await base.shutdown(keepFiles: false) }
}

/// A bare ``TestHost`` is its own wrapper, so `withHost` takes it as it takes a module's.
extension TestHost: TestHostWrapper {
    public var base: TestHost { self }
}

/// Runs `body` against `host` and always shuts it down, also when `body` throws.
@discardableResult
public func withHost<Host: TestHostWrapper, Value>(_ host: Host, _ body: (Host) async throws -> Value) async throws -> Value {
    let result: Value
    do {
        result = try await body(host)
    } catch {
        await host.shutdown()
        throw error
    }
    await host.shutdown()
    return result
}
