import Accounts
import Foundation
import Logging
import Metering
import Programs
import Rating
import Reporting
import SettleClient
import SettleCollections
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import XCTest

/// A host with every real module — Accounts, Metering, Collections, Programs, Rating and
/// Reporting — serving its Unix socket; the tests talk to it over the socket, as `settle`
/// does. Tariffs are activated in-process by two people (maker-checker needs two identities).
final class ReportingHost: Sendable {
    let runtime: HostRuntime
    let directory: String
    let remote: SettleClient
    let maker: RatingV1.Client
    let checker: RatingV1.Client

    private init(runtime: HostRuntime, directory: String, remote: SettleClient) {
        self.runtime = runtime
        self.directory = directory
        self.remote = remote
        maker = RatingV1.Client(transport: runtime.inProcessTransport(as: PeerIdentity(uid: 1001, gid: 1001, pid: 2, role: .admin)))
        checker = RatingV1.Client(transport: runtime.inProcessTransport(as: PeerIdentity(uid: 1002, gid: 1002, pid: 3, role: .supervisor)))
    }

    static func start() async throws -> ReportingHost {
        let directory = "/tmp/rp-\(String(UInt64.random(in: 0..<(UInt64(1) << 40)), radix: 36))"
        var configuration = HostConfiguration(dataDirectory: directory, socketPath: directory + "/s.sock")
        configuration.diagnostics = false
        var logger = Logger(label: "reporting-tests")
        logger.logLevel = .error
        let runtime = try await HostRuntime.start(
            configuration: configuration,
            modules: [AccountsModule.self, MeteringModule.self, CollectionsModule.self, ProgramsModule.self, RatingModule.self, ReportingModule.self],
            inMemoryStores: true, logger: logger)
        let remote = try await SettleClient.connect(socket: configuration.socketPath, agent: "reporting-tests")
        return ReportingHost(runtime: runtime, directory: directory, remote: remote)
    }

    func shutdown() async {
        await remote.close()
        await runtime.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var accounts: AccountsV1.Client { remote.client(AccountsV1.Client.self) }
    var metering: MeteringV1.Client { remote.client(MeteringV1.Client.self) }
    var rating: RatingV1.Client { remote.client(RatingV1.Client.self) }
    var collections: CollectionsV1.Client { remote.client(CollectionsV1.Client.self) }
    var reporting: ReportingV1.Client { remote.client(ReportingV1.Client.self) }
}

func withReportingHost(_ body: (ReportingHost) async throws -> Void) async throws {
    let host = try await ReportingHost.start()
    do {
        try await body(host)
    } catch {
        await host.shutdown()
        throw error
    }
    await host.shutdown()
}

func freshKey(_ label: String = "k") -> String { "\(label)-\(UUID().uuidString)" }

/// Asserts that `body` fails with `code`, and returns the error for more checks.
@discardableResult
func assertFails<T>(_ code: StatusCode, file: StaticString = #filePath, line: UInt = #line, _ body: () async throws -> T) async -> RPCError? {
    do {
        _ = try await body()
        XCTFail("expected \(code.name), the call succeeded", file: file, line: line)
    } catch let error as RPCError {
        XCTAssertEqual(error.code, code, error.message, file: file, line: line)
        return error
    } catch {
        XCTFail("expected \(code.name), got \(error)", file: file, line: line)
    }
    return nil
}
