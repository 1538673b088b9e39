import Foundation
import SettleClient
import SettleHost
import SettleModules
import SettleRPC
import SettleTransport
import Logging
import XCTest

/// Every contract scenario (Protocols/scenarios and Plugins/*/Contract) must pass against the
/// real modules both in-process and over a real socket, with identical results.
final class ContractScenarioTests: XCTestCase {
    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func scenarioFolders() -> [String] {
        var folders = [packageRoot.appendingPathComponent("Protocols/scenarios").path]
        let plugins = packageRoot.appendingPathComponent("Plugins")
        for module in (try? FileManager.default.contentsOfDirectory(atPath: plugins.path))?.sorted() ?? [] {
            let contract = plugins.appendingPathComponent(module).appendingPathComponent("Contract").path
            if FileManager.default.fileExists(atPath: contract) { folders.append(contract) }
        }
        return folders
    }

    /// A fresh host with every built-in module and in-memory stores, in a short temp folder.
    private func withHost<T>(_ body: (HostRuntime) async throws -> T) async throws -> T {
        let folder = "/tmp/sc-\(String(UInt64.random(in: 0..<(1 << 40)), radix: 36))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var logger = Logger(label: "contract-tests")
        logger.logLevel = .error
        let runtime = try await HostRuntime.start(
            configuration: HostConfiguration(dataDirectory: folder, socketPath: folder + "/s.sock"),
            modules: BuiltInModules.all, inMemoryStores: true, logger: logger
        )
        do {
            let result = try await body(runtime)
            await runtime.shutdown()
            return result
        } catch {
            await runtime.shutdown()
            throw error
        }
    }

    func testContractScenariosPassInProcessAndOverTheSocketIdentically() async throws {
        let scenarios = try ScenarioRunner.load(paths: Self.scenarioFolders())
        XCTAssertFalse(scenarios.isEmpty, "no contract scenarios found")
        for scenario in scenarios {
            let inProcess = try await withHost { runtime in
                let peer = PeerIdentity(uid: UInt32(getuid()), gid: UInt32(getgid()), pid: getpid(), role: .admin)
                return await ScenarioRunner(transport: runtime.inProcessTransport(as: peer)).run(scenario)
            }
            let overSocket = try await withHost { runtime in
                let connection = try await RPCConnection.connect(to: runtime.configuration.socketPath)
                let results = await ScenarioRunner(transport: connection).run(scenario)
                await connection.close()
                return results
            }
            for result in inProcess where !result.passed {
                XCTFail("\(scenario.source) in-process: \(result.step): \(result.failure ?? "")")
            }
            for result in overSocket where !result.passed {
                XCTFail("\(scenario.source) over the socket: \(result.step): \(result.failure ?? "")")
            }
            XCTAssertEqual(inProcess.count, overSocket.count)
            for (local, remote) in zip(inProcess, overSocket) where local != remote {
                XCTFail("\(scenario.source) step \"\(local.step)\" differs:\n in-process: \(local.status) \(local.statusMessage) \(local.response)\n socket:     \(remote.status) \(remote.statusMessage) \(remote.response)")
            }
        }
    }

    /// The runner itself must notice a wrong expectation, or the contract suite proves nothing.
    func testAFailingExpectationIsReported() async throws {
        let scenario = try Scenario(json: Data("""
            { "name": "wrong on purpose", "steps": [
              { "name": "echo", "call": "/settle.diag.v1.Diagnostics/Echo", "request": { "note": "a" }, "expect": { "note": "b" } },
              { "name": "status", "call": "/settle.nope.v1.Nope/X", "expect_status": "OK" } ] }
            """.utf8), source: "inline")
        let results = try await withHost { runtime in
            await ScenarioRunner(transport: runtime.inProcessTransport(as: PeerIdentity(uid: 0, gid: 0, pid: 1, role: .admin))).run(scenario)
        }
        XCTAssertEqual(results.map(\.passed), [false, false])
        XCTAssertTrue(results[0].failure?.contains("note: expected \"b\", got \"a\"") ?? false, results[0].failure ?? "")
        XCTAssertTrue(results[1].failure?.contains("expected status OK, got UNIMPLEMENTED") ?? false, results[1].failure ?? "")
    }
}
