import Foundation
import Logging
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleModules
import SettleRPC
import SettleTestSupport

/// A host with every built-in module and its stores on disk in `directory`, served in-process
/// (and on a short socket path); `admin` and `supervisor` are two different people.
final class SafetyHost: Sendable {
    let base: TestHost
    var runtime: HostRuntime { base.runtime }
    var directory: String { base.directory }

    static let admin = TestHost.admin
    static let secondPerson = TestHost.checker

    private init(base: TestHost) {
        self.base = base
    }

    /// A fresh folder under /tmp (short: the socket path must fit in 108 bytes).
    static func freshDirectory(_ prefix: String = "ds") -> String {
        TestHost.temporaryDirectory(prefix: prefix)
    }

    static func start(directory: String = freshDirectory(), configure: (inout HostConfiguration) -> Void = { _ in }) async throws -> SafetyHost {
        SafetyHost(base: try await TestHost.start(
            modules: BuiltInModules.all, stores: .onDisk, prefix: "ds", directory: directory, logLevel: .critical, configure: configure))
    }

    /// Stops the host; its files stay unless `removeFiles` (the tests read what it left).
    func shutdown(removeFiles: Bool = false) async {
        await base.shutdown(keepFiles: !removeFiles)
    }

    func client<Client: ContractClient>(_ type: Client.Type, as peer: PeerIdentity = SafetyHost.admin) -> Client {
        Client(transport: base.transport(as: peer))
    }

    var host: HostV1.Client { client(HostV1.Client.self) }
}
