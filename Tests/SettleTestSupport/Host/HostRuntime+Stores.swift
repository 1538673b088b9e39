public import SettleHost
public import SettleModuleSDK

extension HostRuntime {
    /// The store of the module named `module` (its descriptor's name), for tests that seed
    /// volume directly or read the audit log; throws naming the modules the host does run.
    public func store(of module: String) throws -> ModuleStore {
        guard let store = modules.first(where: { $0.descriptor.name == module })?.store else {
            throw TestHostError("no module '\(module)' with a store in this host (it runs \(modules.map(\.descriptor.name).joined(separator: ", ")))")
        }
        return store
    }
}

/// What a test host could not do, in words a failing test prints.
public struct TestHostError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
