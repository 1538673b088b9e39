import Foundation
public import SettleContracts
public import SettleRPC
public import SettleTransport

/// A connection to a Settle host with a typed client for each contract: what `settle` and
/// `settle-driver` use, knowing nothing of module code.
public struct SettleClient: Sendable {
    public let connection: RPCConnection

    public var host: HostV1.Client { HostV1.Client(transport: connection) }
    public var diagnostics: DiagnosticsV1.Client { DiagnosticsV1.Client(transport: connection) }

    /// A client of any contract, e.g. `client(AccountsV1.Client.self)`.
    public func client<Client: ContractClient>(_ type: Client.Type) -> Client {
        Client(transport: connection)
    }

    /// The socket to use: the explicit one, else `SETTLE_SOCKET`, else `./data/settled.sock`.
    public static func socketPath(_ explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = ProcessInfo.processInfo.environment["SETTLE_SOCKET"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "./data/settled.sock"
    }

    public static func connect(socket: String?, agent: String = "settle") async throws -> SettleClient {
        let path = socketPath(socket)
        guard FileManager.default.fileExists(atPath: path) else {
            throw RPCError(.unavailable, "no Settle host socket at \(path); start settled, or pass --socket / set SETTLE_SOCKET")
        }
        return SettleClient(connection: try await RPCConnection.connect(to: path, agent: agent))
    }

    public func close() async {
        await connection.close()
    }
}
