import Foundation
import SettleClient
import SettleHost
import SettleModules
import SettleRPC
import SettleTestSupport
import SettleTransport
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

    /// A fresh host with every built-in module and in-memory stores; the scenarios also call
    /// the diagnostics service, so it is on.
    private func withHost<T>(_ body: (TestHost) async throws -> T) async throws -> T {
        try await SettleTestSupport.withHost(
            TestHost.start(modules: BuiltInModules.all, prefix: "sc", configure: { $0.diagnostics = true }), body)
    }

    func testContractScenariosPassInProcessAndOverTheSocketIdentically() async throws {
        let scenarios = try ScenarioRunner.load(paths: Self.scenarioFolders())
        XCTAssertFalse(scenarios.isEmpty, "no contract scenarios found")
        for scenario in scenarios {
            let inProcess = try await withHost { host in
                // The peer the socket sees (this process's uid), so both paths answer alike.
                let peer = PeerIdentity(uid: UInt32(getuid()), gid: UInt32(getgid()), pid: getpid(), role: .admin)
                return await ScenarioRunner(transport: host.transport(as: peer)).run(scenario)
            }
            let overSocket = try await withHost { host in
                let connection = try await host.connect()
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
        let results = try await withHost { host in
            await ScenarioRunner(transport: host.transport()).run(scenario)
        }
        XCTAssertEqual(results.map(\.passed), [false, false])
        XCTAssertTrue(results[0].failure?.contains("note: expected \"b\", got \"a\"") ?? false, results[0].failure ?? "")
        XCTAssertTrue(results[1].failure?.contains("expected status OK, got UNIMPLEMENTED") ?? false, results[1].failure ?? "")
    }
}
