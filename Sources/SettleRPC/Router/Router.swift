/// Maps `/package.Service/Method` names to handlers: the call layer's one table.
///
/// Unlike a dictionary assignment, registering a name twice is an error, so two modules can
/// never silently fight over a method.
public struct Router: Sendable {
    private var methods: [String: RegisteredMethod] = [:]
    private var currentModule = "host"

    public init() {}

    /// Registers `handler` under `descriptor.fullName` for the module being registered.
    public mutating func register(_ descriptor: MethodDescriptor, handler: RawHandler) throws(RouterError) {
        guard handler.kind == descriptor.kind else {
            throw .kindMismatch(method: descriptor.fullName, declared: descriptor.kind, handler: handler.kind)
        }
        if let existing = methods[descriptor.fullName] {
            throw .duplicateMethod(method: descriptor.fullName, firstModule: existing.module, secondModule: currentModule)
        }
        methods[descriptor.fullName] = RegisteredMethod(descriptor: descriptor, module: currentModule, handler: handler)
    }

    /// Runs `body` with registrations attributed to `module`.
    public mutating func registering(module: String, _ body: (inout Router) throws -> Void) rethrows {
        let previous = currentModule
        currentModule = module
        defer { currentModule = previous }
        try body(&self)
    }

    /// The method registered under a full name.
    public func method(named fullName: String) -> RegisteredMethod? { methods[fullName] }

    /// Every registered method, sorted by name.
    public var allMethods: [RegisteredMethod] {
        methods.values.sorted { $0.descriptor.fullName < $1.descriptor.fullName }
    }

    /// Finds the method and checks the peer may call it: the one gate every transport uses.
    public func resolve(_ fullName: String, for peer: PeerIdentity) throws(RPCError) -> RegisteredMethod {
        guard let registered = methods[fullName] else {
            throw RPCError(.unimplemented, "no method \(fullName) is served here")
        }
        try AccessPolicy.check(peer, mayCall: registered.descriptor)
        return registered
    }
}
