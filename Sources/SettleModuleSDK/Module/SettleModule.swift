public import SettleRPC

/// A service module the host loads in-process: one team's code, schema and contract.
///
/// A module depends only on this SDK and the contracts. It gets everything else (its store,
/// clients of the contracts it consumes, configuration) from its `ModuleContext`, so where
/// the modules it calls run is the host's configuration, not the module's code.
public protocol SettleModule: Sendable {
    static var descriptor: ModuleDescriptor { get }

    /// Creates the module once its store is open and migrated.
    init(context: ModuleContext) async throws

    /// Registers the methods of every contract the module serves.
    func registerMethods(with router: inout Router) throws(RouterError)
}
