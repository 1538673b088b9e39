import Foundation
import Logging
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleModules
import SettleRPC

/// A host with every built-in module and its stores on disk in `directory`, served in-process
/// (and on a short socket path); `admin` and `supervisor` are two different people.
final class SafetyHost: Sendable {
    let runtime: HostRuntime
    let directory: String

    static let admin = PeerIdentity(uid: 0, gid: 0, pid: 1, role: .admin)
    static let secondPerson = PeerIdentity(uid: 1002, gid: 1002, pid: 3, role: .supervisor)

    private init(runtime: HostRuntime, directory: String) {
        self.runtime = runtime
        self.directory = directory
    }

    /// A fresh folder under /tmp (short: the socket path must fit in 108 bytes).
    static func freshDirectory(_ prefix: String = "ds") -> String {
        "/tmp/\(prefix)-\(String(UInt64.random(in: 0..<(UInt64(1) << 40)), radix: 36))"
    }

    static func start(directory: String = freshDirectory(), configure: (inout HostConfiguration) -> Void = { _ in }) async throws -> SafetyHost {
        var configuration = HostConfiguration(dataDirectory: directory, socketPath: directory + "/s.sock")
        configuration.diagnostics = false
        configure(&configuration)
        var logger = Logger(label: "data-safety-tests")
        logger.logLevel = .critical
        let runtime = try await HostRuntime.start(configuration: configuration, modules: BuiltInModules.all, logger: logger)
        return SafetyHost(runtime: runtime, directory: directory)
    }

    func shutdown(removeFiles: Bool = false) async {
        await runtime.shutdown()
        if removeFiles { try? FileManager.default.removeItem(atPath: directory) }
    }

    func client<Client: ContractClient>(_ type: Client.Type, as peer: PeerIdentity = SafetyHost.admin) -> Client {
        Client(transport: runtime.inProcessTransport(as: peer))
    }

    var host: HostV1.Client { client(HostV1.Client.self) }

    func store(_ module: String) -> ModuleStore? {
        runtime.modules.first { $0.descriptor.name == module }?.store
    }
}
