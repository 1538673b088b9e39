public import Foundation
public import Logging
public import SettleModuleSDK
public import SettleRPC
public import SettleTransport

/// Assembles a host from module types: checks their declarations against each other and the
/// configuration, opens and migrates their stores, creates them with clients of what they
/// consume, and builds the one router every transport serves.
public struct ModuleRegistry: Sendable {
    public let modules: [any SettleModule.Type]

    public init(modules: [any SettleModule.Type]) {
        self.modules = modules
    }

    /// The result of loading: the modules and the router (host services included by the caller).
    public struct Assembly: Sendable {
        public let modules: [LoadedModule]
        /// Shared by every in-process client; publish the finished router here before serving.
        public let routerSource: RouterSource
        /// Transports to contracts served by other hosts, to close at shutdown.
        public let remotes: [RemoteTransport]
        /// The gate every store's writes pass, for backups at one point in time.
        public let writeGate: WriteGate
    }

    /// Validates declarations and configuration, without touching any store.
    public func validate(disabled: Set<String>, remote: [String: String]) throws(RegistryError) -> [any SettleModule.Type] {
        var names = Set<String>()
        for module in modules {
            let name = module.descriptor.name
            guard !name.isEmpty, name.allSatisfy({ $0.isLowercase || $0.isNumber }) else { throw .invalidModuleName(name) }
            guard names.insert(name).inserted else { throw .duplicateModule(name) }
        }
        for name in disabled.sorted() where !names.contains(name) { throw .unknownDisabledModule(name) }
        let enabled = modules.filter { !disabled.contains($0.descriptor.name) }
        var servedBy: [String: [String]] = [:]
        for module in enabled {
            for contract in module.descriptor.serves { servedBy[contract, default: []].append(module.descriptor.name) }
        }
        for (contract, servers) in servedBy.sorted(by: { $0.key < $1.key }) {
            if servers.count > 1 { throw .contractServedTwice(contract: contract, modules: servers) }
            if let socket = remote[contract] { throw .servedAndRemote(contract: contract, module: servers[0], socket: socket) }
        }
        for module in enabled {
            for contract in module.descriptor.consumes where servedBy[contract] == nil && remote[contract] == nil {
                throw .missingDependency(module: module.descriptor.name, contract: contract)
            }
        }
        return enabled
    }

    /// Opens stores, creates modules and registers their methods into `router`.
    ///
    /// - Parameters:
    ///   - router: the router holding the host's own services; modules are added to it.
    ///   - storeDirectory: nil keeps every store in memory (tests).
    public func load(
        router: inout Router,
        storeDirectory: String?,
        disabled: Set<String> = [],
        remote: [String: String] = [:],
        timeZone: TimeZone,
        hostPeer: PeerIdentity,
        logger: Logger
    ) async throws -> Assembly {
        let enabled = try validate(disabled: disabled, remote: remote)
        let source = RouterSource()
        let gate = WriteGate()
        var remotes: [String: RemoteTransport] = [:]
        var loaded: [LoadedModule] = []
        do {
            for module in enabled {
                let descriptor = module.descriptor
                var transports: [String: any ClientTransport] = [:]
                var consumedFrom: [String: String] = [:]
                var served = Set<String>()
                for other in enabled { served.formUnion(other.descriptor.serves) }
                let optional = descriptor.optionallyConsumes.filter { remote[$0] != nil || served.contains($0) }
                for contract in descriptor.consumes + optional {
                    if let socket = remote[contract] {
                        let transport = remotes[socket] ?? RemoteTransport(socketPath: socket)
                        remotes[socket] = transport
                        transports[contract] = IdentityForwardingTransport(base: transport, module: descriptor.name)
                        consumedFrom[contract] = "unix:\(socket)"
                    } else {
                        transports[contract] = InProcessTransport(source: source, defaultPeer: hostPeer, callerModule: descriptor.name)
                        consumedFrom[contract] = "in-process"
                    }
                }
                var moduleLogger = logger
                moduleLogger[metadataKey: "module"] = "\(descriptor.name)"
                var store: ModuleStore?
                if descriptor.hasStore {
                    store = try ModuleStore(module: descriptor.name, dataDirectory: storeDirectory, migrations: descriptor.migrations, gate: gate, logger: moduleLogger)
                }
                let context = ModuleContext(
                    name: descriptor.name, store: store, logger: moduleLogger, timeZone: timeZone,
                    dataDirectory: storeDirectory ?? "", transports: transports
                )
                let instance = try await module.init(context: context)
                loaded.append(LoadedModule(descriptor: descriptor, instance: instance, store: store, consumedFrom: consumedFrom,
                                           crossReferences: (module as? any CrossModuleReferences.Type)?.crossReferences ?? []))
            }
            for module in loaded {
                try router.registering(module: module.descriptor.name) { router in
                    try module.instance.registerMethods(with: &router)
                }
            }
            for method in router.allMethods {
                guard let module = loaded.first(where: { $0.descriptor.name == method.module }) else { continue }
                if !module.descriptor.serves.contains(method.descriptor.service) {
                    throw RegistryError.undeclaredMethod(module: method.module, method: method.descriptor.fullName)
                }
            }
        } catch {
            for module in loaded { try? module.store?.close() }
            throw error
        }
        source.publish(router)
        return Assembly(modules: loaded, routerSource: source, remotes: Array(remotes.values), writeGate: gate)
    }
}
