public import SettleRPC

/// A module's transport to a contract another host serves: every call it makes while serving
/// a caller states that caller (uid, gid, role as this host granted it) and the module, so the
/// remote host authorises and audits the person who asked rather than this host
/// (`ForwardedIdentity`, WIRE.md §17.4). The remote host believes it only from uids listed in
/// its `access.trustedHostUids`.
public struct IdentityForwardingTransport: ClientTransport {
    public let base: any ClientTransport
    /// The calling module, recorded as the hop.
    public let module: String

    public init(base: any ClientTransport, module: String) {
        self.base = base
        self.module = module
    }

    /// The options with the serving call's caller stated; unchanged outside a served call
    /// (start-up work acts as the host itself).
    func forwarding(_ options: CallOptions) -> CallOptions {
        guard let caller = ServerContext.current?.peer else { return options }
        var options = options
        for (key, value) in ForwardedIdentity.metadata(for: caller, via: module) {
            options.metadata[key] = value
        }
        return options
    }

    public func unary(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] {
        try await base.unary(method, request: request, options: forwarding(options))
    }

    public func serverStreaming(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> RPCAsyncSequence<[UInt8]> {
        try await base.serverStreaming(method, request: request, options: forwarding(options))
    }

    public func clientStreaming(
        _ method: MethodDescriptor,
        options: CallOptions,
        requests: @escaping @Sendable (RPCWriter<[UInt8]>) async throws -> Void
    ) async throws -> [UInt8] {
        try await base.clientStreaming(method, options: forwarding(options), requests: requests)
    }
}
