/// Names one method of a contract, so that client and server agree on what is called.
public struct MethodDescriptor: Hashable, Sendable, CustomStringConvertible {
    /// Fully qualified service, e.g. `settle.host.v1.Host`.
    public let service: String
    /// Method name within the service, e.g. `Health`.
    public let method: String
    public let kind: MethodKind
    /// The least role a caller needs; declared in the contract.
    public let requiredRole: Role

    public init(service: String, method: String, kind: MethodKind, requiredRole: Role) {
        self.service = service
        self.method = method
        self.kind = kind
        self.requiredRole = requiredRole
        self.fullName = "/\(service)/\(method)"
    }

    /// The name on the wire: `/settle.host.v1.Host/Health`.
    public let fullName: String

    public var description: String { fullName }
}
