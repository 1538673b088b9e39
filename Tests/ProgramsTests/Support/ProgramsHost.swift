import Foundation
import Logging
import SettleClient
import SettleContracts
import SettleHost
import SettleModules
import SettleRPC
import XCTest

/// A host with every built-in module (Accounts, Metering, Collections, Programs, Rating; real,
/// not fakes), in-memory stores and a short socket path.
///
/// `maker` and `checker` are two people (peer uids) for maker-checker rules; `socket` is a
/// client over the real Unix socket.
final class ProgramsHost: Sendable {
    let runtime: HostRuntime
    let directory: String
    let maker: any ClientTransport
    let checker: any ClientTransport

    private init(runtime: HostRuntime, directory: String) {
        self.runtime = runtime
        self.directory = directory
        maker = runtime.inProcessTransport(as: PeerIdentity(uid: 1001, gid: 1001, pid: 2, role: .admin))
        checker = runtime.inProcessTransport(as: PeerIdentity(uid: 1002, gid: 1002, pid: 3, role: .supervisor))
    }

    static func start() async throws -> ProgramsHost {
        let directory = "/tmp/pg-\(String(UInt64.random(in: 0..<(UInt64(1) << 40)), radix: 36))"
        var configuration = HostConfiguration(dataDirectory: directory, socketPath: directory + "/s.sock")
        configuration.diagnostics = false
        var logger = Logger(label: "programs-tests")
        logger.logLevel = .error
        let runtime = try await HostRuntime.start(configuration: configuration, modules: BuiltInModules.all, inMemoryStores: true, logger: logger)
        return ProgramsHost(runtime: runtime, directory: directory)
    }

    func shutdown() async {
        await runtime.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var accounts: AccountsV1.Client { AccountsV1.Client(transport: maker) }
    var metering: MeteringV1.Client { MeteringV1.Client(transport: maker) }
    var programs: ProgramsV1.Client { ProgramsV1.Client(transport: maker) }
    var rating: RatingV1.Client { RatingV1.Client(transport: maker) }
    var collections: CollectionsV1.Client { CollectionsV1.Client(transport: maker) }

    /// Local midnight of a date in the host's time zone, UTC seconds.
    func midnight(_ date: String) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = runtime.configuration.timeZone
        let parts = date.split(separator: "-").compactMap { Int($0) }
        return Int64(calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))?.timeIntervalSince1970 ?? 0)
    }
}

/// Runs `body` against a fresh host and always shuts it down.
func withProgramsHost(_ body: (ProgramsHost) async throws -> Void) async throws {
    let host = try await ProgramsHost.start()
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
