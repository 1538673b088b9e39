import Foundation
import Logging
import SettleClient
import SettleContracts
import SettleHost
import SettleModules
import SettleRPC
import XCTest

/// A host with every built-in module (the real Accounts, Metering, Collections, Programs,
/// Rating, Reporting and Refunds) serving its Unix socket. The requester talks to it over the
/// socket as `settle` does (the test's own uid, admin); the second person of maker-checker is
/// another socket identity, which the host's in-process transport gives as a peer of its own
/// uid and role (`clerk` uid 2001, `supervisor` uid 2002) — the identity a handler checks.
final class RefundsHost: Sendable {
    let runtime: HostRuntime
    let directory: String
    let remote: SettleClient
    let onDisk: Bool

    private init(runtime: HostRuntime, directory: String, remote: SettleClient, onDisk: Bool) {
        self.runtime = runtime
        self.directory = directory
        self.remote = remote
        self.onDisk = onDisk
    }

    /// A fresh host; with `directory` (and `onDisk`) its stores are files there, so a second
    /// host started on the same folder finds what the first wrote (a restart after a crash).
    static func start(directory given: String? = nil, onDisk: Bool = false) async throws -> RefundsHost {
        let directory = given ?? "/tmp/rf-\(String(UInt64.random(in: 0..<(UInt64(1) << 40)), radix: 36))"
        var configuration = HostConfiguration(dataDirectory: directory, socketPath: directory + "/s.sock")
        configuration.diagnostics = false
        var logger = Logger(label: "refunds-tests")
        logger.logLevel = .error
        let runtime = try await HostRuntime.start(configuration: configuration, modules: BuiltInModules.all, inMemoryStores: !onDisk, logger: logger)
        let remote = try await SettleClient.connect(socket: configuration.socketPath, agent: "refunds-tests")
        return RefundsHost(runtime: runtime, directory: directory, remote: remote, onDisk: onDisk)
    }

    /// Stops the host; the folder stays when `keep` (to start again on it).
    func shutdown(keep: Bool = false) async {
        await remote.close()
        await runtime.shutdown()
        if !keep { try? FileManager.default.removeItem(atPath: directory) }
    }

    var accounts: AccountsV1.Client { remote.client(AccountsV1.Client.self) }
    var metering: MeteringV1.Client { remote.client(MeteringV1.Client.self) }
    var rating: RatingV1.Client { remote.client(RatingV1.Client.self) }
    var collections: CollectionsV1.Client { remote.client(CollectionsV1.Client.self) }
    /// The requester, over the socket.
    var refunds: RefundsV1.Client { remote.client(RefundsV1.Client.self) }

    func transport(uid: UInt32, role: Role) -> any ClientTransport {
        runtime.inProcessTransport(as: PeerIdentity(uid: uid, gid: uid, pid: Int32(uid), role: role))
    }

    /// A second person: a clerk (uid 2001).
    var clerk: RefundsV1.Client { RefundsV1.Client(transport: transport(uid: 2001, role: .clerk)) }
    /// A second person: a supervisor (uid 2002).
    var supervisor: RefundsV1.Client { RefundsV1.Client(transport: transport(uid: 2002, role: .supervisor)) }
    var clerkCollections: CollectionsV1.Client { CollectionsV1.Client(transport: transport(uid: 2001, role: .clerk)) }
    var supervisorCollections: CollectionsV1.Client { CollectionsV1.Client(transport: transport(uid: 2002, role: .supervisor)) }
    /// Tariffs are made and activated by two people.
    var ratesMaker: RatingV1.Client { RatingV1.Client(transport: transport(uid: 1001, role: .admin)) }
    var ratesChecker: RatingV1.Client { RatingV1.Client(transport: transport(uid: 1002, role: .supervisor)) }
}

func withRefundsHost(_ body: (RefundsHost) async throws -> Void) async throws {
    let host = try await RefundsHost.start()
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
func assertFails<T>(_ code: StatusCode, containing text: String? = nil, file: StaticString = #filePath, line: UInt = #line, _ body: () async throws -> T) async -> RPCError? {
    do {
        _ = try await body()
        XCTFail("expected \(code.name), the call succeeded", file: file, line: line)
    } catch let error as RPCError {
        XCTAssertEqual(error.code, code, error.message, file: file, line: line)
        if let text { XCTAssertTrue(error.message.contains(text), "'\(error.message)' lacks '\(text)'", file: file, line: line) }
        return error
    } catch {
        XCTFail("expected \(code.name), got \(error)", file: file, line: line)
    }
    return nil
}
