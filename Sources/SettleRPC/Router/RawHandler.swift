/// A method's implementation on serialized messages, as the transports invoke it.
///
/// Typed handlers are wrapped into this form when registered, so a transport never needs to
/// know message types and every transport decodes and encodes in the same place.
public enum RawHandler: Sendable {
    case unary(@Sendable (_ request: [UInt8], _ context: ServerContext) async throws -> [UInt8])
    case serverStreaming(@Sendable (_ request: [UInt8], _ responses: RPCWriter<[UInt8]>, _ context: ServerContext) async throws -> Void)
    case clientStreaming(@Sendable (_ requests: RPCAsyncSequence<[UInt8]>, _ context: ServerContext) async throws -> [UInt8])

    public var kind: MethodKind {
        switch self {
        case .unary: .unary
        case .serverStreaming: .serverStreaming
        case .clientStreaming: .clientStreaming
        }
    }
}

/// A method as the router holds it: what it is, who serves it, and how to run it.
public struct RegisteredMethod: Sendable {
    public let descriptor: MethodDescriptor
    /// Name of the module that registered it (`host` for built-in services).
    public let module: String
    public let handler: RawHandler
}
