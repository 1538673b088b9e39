public import NIOCore
public import NIOPosix
import Synchronization
public import SettleRPC

/// A transport to a contract served by another host, connecting on first use and again after
/// the link drops, so hosts can start in any order.
public final class RemoteTransport: ClientTransport {
    public let socketPath: String
    private let group: any EventLoopGroup
    private let connection = Mutex<RPCConnection?>(nil)

    public init(socketPath: String, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.socketPath = socketPath
        self.group = group
    }

    private func current() async throws -> RPCConnection {
        if let live = connection.withLock({ $0 }), live.channel.isActive { return live }
        let fresh = try await RPCConnection.connect(to: socketPath, group: group, agent: "settled-remote")
        let winner = connection.withLock { slot -> RPCConnection in
            if let existing = slot, existing.channel.isActive { return existing }
            slot = fresh
            return fresh
        }
        if winner !== fresh { await fresh.close() }
        return winner
    }

    public func unary(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] {
        try await current().unary(method, request: request, options: options)
    }

    public func serverStreaming(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> RPCAsyncSequence<[UInt8]> {
        try await current().serverStreaming(method, request: request, options: options)
    }

    public func clientStreaming(
        _ method: MethodDescriptor,
        options: CallOptions,
        requests: @escaping @Sendable (RPCWriter<[UInt8]>) async throws -> Void
    ) async throws -> [UInt8] {
        try await current().clientStreaming(method, options: options, requests: requests)
    }

    public func close() async {
        let live = connection.withLock { slot -> RPCConnection? in
            defer { slot = nil }
            return slot
        }
        await live?.close()
    }
}
