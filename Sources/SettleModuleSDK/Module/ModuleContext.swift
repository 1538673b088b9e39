public import Foundation
public import Logging
public import SettleRPC

/// What the host hands a module when it loads it.
public struct ModuleContext: Sendable {
    public let name: String
    /// The module's own store; nil for a module without migrations.
    public let store: ModuleStore?
    public let logger: Logger
    /// The utility's time zone: service periods are calendar dates in it.
    public let timeZone: TimeZone
    public let dataDirectory: String
    private let transports: [String: any ClientTransport]

    public init(
        name: String,
        store: ModuleStore?,
        logger: Logger,
        timeZone: TimeZone,
        dataDirectory: String,
        transports: [String: any ClientTransport]
    ) {
        self.name = name
        self.store = store
        self.logger = logger
        self.timeZone = timeZone
        self.dataDirectory = dataDirectory
        self.transports = transports
    }

    /// A typed client of a contract the module declared it consumes.
    ///
    /// Throws for a contract not in the module's `consumes` list, so hidden dependencies
    /// between modules cannot creep in.
    public func client<Client: ContractClient>(_ type: Client.Type) throws -> Client {
        guard let transport = transports[Client.serviceName] else {
            throw RPCError(.failedPrecondition, "module \(name) did not declare that it consumes \(Client.serviceName)")
        }
        return Client(transport: transport)
    }

    /// A typed client of a contract the module declared it consumes optionally, or nil when
    /// no module of this host serves it and no remote host is configured for it.
    public func optionalClient<Client: ContractClient>(_ type: Client.Type) -> Client? {
        transports[Client.serviceName].map { Client(transport: $0) }
    }

    /// The module's store, or an error saying the module declared no migrations.
    public func requireStore() throws -> ModuleStore {
        guard let store else { throw RPCError(.failedPrecondition, "module \(name) has no store: it declares no migrations") }
        return store
    }
}
