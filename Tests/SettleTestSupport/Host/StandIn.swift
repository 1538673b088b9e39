public import SettleModuleSDK
public import SettleRPC

/// A stand-in for a module a test does not run: only the contract methods the module under
/// test calls, served from a state object the test fills and inspects.
///
/// The host creates its modules from their types, so a test cannot hand it an instance; it
/// hands the state instead (``StandIns/handing(_:_:)`` around the start), and each
/// ``StandInModule`` created in that task serves the state of its type. A stand-in declares
/// what it serves and how; the module around it is written once, here.
public protocol StandIn {
    associatedtype State: StandInState
    /// The stand-in's name (`fake…`, so a log never mistakes it for the real module) and
    /// the contracts it serves.
    static var descriptor: ModuleDescriptor { get }
    /// Registers the methods the stand-in serves, each answering from `state`.
    static func register(_ state: State, with router: inout Router) throws(RouterError)
}

/// What a stand-in serves from: shared with the test, so it must be safe across tasks; a
/// fresh one serves when the test handed none.
public protocol StandInState: Sendable {
    init()
}

/// The module a host runs for a ``StandIn``: `[MyModule.self, StandInModule<FakeAccounts>.self]`.
public struct StandInModule<Serving: StandIn>: SettleModule {
    public static var descriptor: ModuleDescriptor { Serving.descriptor }

    private let state: Serving.State

    public init(context: ModuleContext) async throws {
        state = StandIns.handed(Serving.State.self) ?? Serving.State()
    }

    public func registerMethods(with router: inout Router) throws(RouterError) {
        try Serving.register(state, with: &router)
    }
}
