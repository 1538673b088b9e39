import Foundation
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import XCTest

/// Runs the `settle` binary against a live host.
final class CLITests: XCTestCase {
    /// Runs `settle` as an operator's shell would: `SETTLE_SOCKET` only when the test sets it,
    /// in a folder of its own (the CLI resolves relative paths against it).
    static func settle(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandRun {
        try await BinaryRunner.run("settle", arguments, options: .init(environment: environment, unset: ["SETTLE_SOCKET"], inScratchFolder: true))
    }

    private func json(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try XCTUnwrap(object as? [String: Any], "not a JSON object: \(text)", file: file, line: line)
    }

    /// Starts a host with module alpha (serving Diagnostics), runs `body`, stops the host.
    private func withLiveHost(_ configure: (inout HostConfiguration) -> Void = { _ in }, _ body: (String, String) async throws -> Void) async throws {
        try SettleCLI.binary()
        let directory = try makeShortDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runtime = try await startHost(in: directory, modules: [AlphaModule.self]) {
            $0.diagnostics = false
            configure(&$0)
        }
        do {
            try await body(runtime.configuration.socketPath, directory)
        } catch {
            await runtime.shutdown()
            throw error
        }
        await runtime.shutdown()
    }

    func testHealthJSON() async throws {
        try await withLiveHost { socket, _ in
            let run = try await Self.settle(["health", "--json", "--socket", socket, "--timeout", "10"])
            XCTAssertEqual(run.status, 0, run.stderr)
            let object = try json(run.stdout)
            XCTAssertEqual(object["status"] as? String, "SERVING")
            XCTAssertNotNil(object["uptime_seconds"] as? Int)
            let modules = try XCTUnwrap(object["modules"] as? [[String: Any]])
            XCTAssertEqual(modules.count, 1)
            XCTAssertEqual(modules.first?["name"] as? String, "alpha")
            XCTAssertEqual(modules.first?["status"] as? String, "SERVING")
            XCTAssertEqual(modules.first?["detail"] as? String, "")

            // The table form, with the socket from the environment.
            let table = try await Self.settle(["health"], environment: ["SETTLE_SOCKET": socket])
            XCTAssertEqual(table.status, 0, table.stderr)
            XCTAssertTrue(table.stdout.hasPrefix("host: SERVING (up "), table.stdout)
            XCTAssertTrue(table.stdout.contains("alpha"), table.stdout)
        }
    }

    func testMethods() async throws {
        try await withLiveHost { socket, _ in
            let run = try await Self.settle(["methods", "--socket", socket])
            XCTAssertEqual(run.status, 0, run.stderr)
            let lines = run.stdout.split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.first?.split(separator: " ").map(String.init), ["METHOD", "KIND", "ROLE", "MODULE"])
            let rows = lines.dropFirst(2).map { $0.split(separator: " ").map(String.init) }
            XCTAssertEqual(rows.count, DiagnosticsV1.Method.all.count + HostV1.Method.all.count, run.stdout)
            XCTAssertTrue(rows.contains(["/settle.diag.v1.Diagnostics/AdminPing", "unary", "admin", "alpha"]), run.stdout)
            XCTAssertTrue(rows.contains(["/settle.diag.v1.Diagnostics/Upload", "client_streaming", "viewer", "alpha"]), run.stdout)
            XCTAssertTrue(rows.contains(["/settle.diag.v1.Diagnostics/Download", "server_streaming", "viewer", "alpha"]), run.stdout)
            XCTAssertTrue(rows.contains(["/settle.host.v1.Host/Backup", "unary", "admin", "host"]), run.stdout)
            XCTAssertTrue(rows.contains(["/settle.host.v1.Host/VerifyAudit", "unary", "supervisor", "host"]), run.stdout)
            XCTAssertEqual(rows.map { $0[0] }, rows.map { $0[0] }.sorted(), "methods are listed in name order")

            let asJSON = try await Self.settle(["methods", "--json", "--socket", socket])
            XCTAssertEqual(asJSON.status, 0, asJSON.stderr)
            let methods = try XCTUnwrap(try json(asJSON.stdout)["methods"] as? [[String: String]])
            XCTAssertEqual(methods.count, rows.count)
            XCTAssertTrue(methods.contains(["name": "/settle.host.v1.Host/WhoAmI", "kind": "unary", "required_role": "viewer", "module": "host"]))
        }
    }

    func testWhoAmIJSON() async throws {
        try await withLiveHost { socket, _ in
            let run = try await Self.settle(["whoami", "--json", "--socket", socket])
            XCTAssertEqual(run.status, 0, run.stderr)
            let object = try json(run.stdout)
            XCTAssertEqual(object["uid"] as? Int, Int(getuid()))
            XCTAssertEqual(object["gid"] as? Int, Int(getgid()))
            XCTAssertEqual(object["pid"] as? Int, Int(run.pid), "the host sees the settle process itself (SO_PEERCRED)")
            XCTAssertEqual(object["role"] as? String, "admin", "the standard policy makes the host's own uid admin")
        }
        try await withLiveHost({ $0.access = AccessPolicy(defaultRole: .viewer) }) { socket, directory in
            let run = try await Self.settle(["whoami", "--json", "--socket", socket])
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(try json(run.stdout)["role"] as? String, "viewer")
            // A viewer asking for an admin action exits with PERMISSION_DENIED's code.
            let backup = try await Self.settle(["admin", "backup", directory + "/backup", "--socket", socket])
            XCTAssertEqual(backup.status, 7, backup.stdout + backup.stderr)
            XCTAssertTrue(backup.stderr.hasPrefix("settle: PERMISSION_DENIED: /settle.host.v1.Host/Backup requires role admin"), backup.stderr)
            XCTAssertEqual(backup.stdout, "")
        }
    }

    func testMissingSocketExitsUnavailable() async throws {
        try SettleCLI.binary()
        let missing = "/tmp/st-\(String(UInt64.random(in: 0..<UInt64(1) << 40), radix: 36))/nope.sock"
        for command in [["health"], ["methods"], ["whoami", "--json"]] {
            let run = try await Self.settle(command + ["--socket", missing])
            XCTAssertEqual(run.status, 14, "\(command): \(run.stderr)")
            XCTAssertEqual(
                run.stderr,
                "settle: UNAVAILABLE: no Settle host socket at \(missing); start settled, or pass --socket / set SETTLE_SOCKET\n",
                "\(command)"
            )
            XCTAssertEqual(run.stdout, "", "\(command)")
        }
        // From the environment, too.
        let fromEnvironment = try await Self.settle(["health"], environment: ["SETTLE_SOCKET": missing])
        XCTAssertEqual(fromEnvironment.status, 14)
        XCTAssertTrue(fromEnvironment.stderr.contains(missing), fromEnvironment.stderr)

        // A path that exists but where nothing listens.
        let directory = try makeShortDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let notASocket = directory + "/s.sock"
        _ = FileManager.default.createFile(atPath: notASocket, contents: Data("x".utf8))
        let dead = try await Self.settle(["health", "--socket", notASocket])
        XCTAssertEqual(dead.status, 14, dead.stderr)
        XCTAssertTrue(dead.stderr.hasPrefix("settle: UNAVAILABLE: cannot connect to \(notASocket)"), dead.stderr)
    }
}
