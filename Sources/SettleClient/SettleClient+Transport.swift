public import SettleRPC
import SettleTransport

/// A `SettleClient` is itself a transport, so a tool that holds one (or several) builds any
/// contract's client on it, `AccountsV1.Client(transport: client)`, without naming the socket
/// transport underneath: `settle` and `settle-driver` reach a host only through this module.
extension SettleClient: ClientTransport {
    public func unary(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] {
        try await connection.unary(method, request: request, options: options)
    }

    public func serverStreaming(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> RPCAsyncSequence<[UInt8]> {
        try await connection.serverStreaming(method, request: request, options: options)
    }

    public func clientStreaming(
        _ method: MethodDescriptor,
        options: CallOptions,
        requests: @escaping @Sendable (RPCWriter<[UInt8]>) async throws -> Void
    ) async throws -> [UInt8] {
        try await connection.clientStreaming(method, options: options, requests: requests)
    }
}

extension SettleClient {
    /// Connects to exactly `socketPath` and completes the handshake, for tools that started the
    /// host themselves or were told its socket (no `SETTLE_SOCKET` fallback, no check that the
    /// file exists: a refused or missing socket fails here with the transport's reason).
    /// `compressRequests: false` sends every request uncompressed, e.g. to measure what
    /// compression buys.
    public static func connect(to socketPath: String, agent: String, compressRequests: Bool = true) async throws -> SettleClient {
        SettleClient(connection: try await RPCConnection.connect(to: socketPath, agent: agent, compressRequests: compressRequests))
    }

    /// The socket this client is connected to, e.g. to open a second connection as another user.
    public var socketPath: String { connection.socketPath }

    /// The executor of the connection's event loop: a task preferring it makes its calls
    /// without a thread hop per call (what `settle-driver bench rpc` measures).
    public var taskExecutor: any TaskExecutor { connection.taskExecutor }
}
