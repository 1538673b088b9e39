/// Carries calls to a router somewhere: over a socket, or directly in this process.
///
/// Typed clients are written against this protocol only, which is why a module cannot tell
/// whether the module it calls runs beside it or in another host.
public protocol ClientTransport: Sendable {
    func unary(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8]

    func serverStreaming(
        _ method: MethodDescriptor,
        request: [UInt8],
        options: CallOptions
    ) async throws -> RPCAsyncSequence<[UInt8]>

    func clientStreaming(
        _ method: MethodDescriptor,
        options: CallOptions,
        requests: @escaping @Sendable (RPCWriter<[UInt8]>) async throws -> Void
    ) async throws -> [UInt8]
}

/// A typed client of one contract, built on any transport.
public protocol ContractClient: Sendable {
    /// The contract it speaks, e.g. `settle.host.v1.Host`.
    static var serviceName: String { get }
    init(transport: any ClientTransport)
}
