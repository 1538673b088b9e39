import Foundation
import SettleContracts
import SettleHost
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// `settle program change` against a host with every module: a totalized group's members and
/// demand method changed from a date, with the reason in its history.
final class ProgramChangeCLITests: XCTestCase {
    func testAChangeToATotalizedGroupFromTheCommandLine() async throws {
        _ = try SettleCLI.binary()
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            let socket = host.runtime.configuration.socketPath
            let c = try XCTUnwrap(utility.agreements["PC"]), d = try XCTUnwrap(utility.agreements["PD"]), e = try XCTUnwrap(utility.agreements["PE"])
            let group = try await host.enrollTotalized(c, members: [e], reason: "customer request")

            // D joins and E leaves from 2024-05-01.
            let change = ["program", "change", group.id, "--from", "2024-05-01", "--member", "\(c)", "--member", "\(d)", "--reason", "meter ME retired", "--idempotency-key", "pc1"]
            let changed = try await SettleCLI.run(change, socket: socket)
            XCTAssertEqual(changed.status, 0, changed.stderr)
            XCTAssertTrue(changed.stdout.hasPrefix("changed \(group.id) from 2024-05-01  [idempotency key pc1]\n"), changed.stdout)
            let row = changed.stdout.split(separator: "\n").last.map { $0.split(separator: " ").map(String.init) } ?? []
            XCTAssertEqual(row, [group.id, "totalized", "\(c)", utility.accountOf["PC"] ?? "", "\(c),\(d)", "non_coincident", "-", "2024-04-01", "-", "active"], changed.stdout)
            let again = try await SettleCLI.run(change, socket: socket)
            XCTAssertEqual(again.stdout, changed.stdout, "the same key changes it once")
            let shown = try await SettleCLI.run(["program", "show", "\(c)", "--json"], socket: socket)
            let enrolment = try XCTUnwrap((try shown.object()["enrolments"] as? [[String: Any]])?.first)
            let history = try XCTUnwrap(enrolment["history"] as? [[String: Any]])
            XCTAssertEqual(history.compactMap { $0["action"] as? String }, ["enrolled", "changed"])
            XCTAssertEqual(history.last?["effective_date"] as? String, "2024-05-01")
            XCTAssertEqual(history.last?["reason"] as? String, "meter ME retired")

            // Coincident demand needs interval meters on every member: D's is, so it is allowed now E left.
            let coincident = try await SettleCLI.run(["program", "change", group.id, "--from", "2024-06-01", "--demand-method", "coincident", "--reason", "all interval now", "--json"], socket: socket)
            XCTAssertEqual(coincident.status, 0, coincident.stderr)
            XCTAssertEqual(try coincident.object()["demand_method"] as? String, "coincident")
            let bad = try await SettleCLI.run(["program", "change", group.id, "--from", "2024-06-01", "--demand-method", "peak", "--reason", "typo"], socket: socket)
            XCTAssertEqual(bad.status, 3, bad.stdout)
            XCTAssertTrue(bad.stderr.contains("'peak' is not a demand method (coincident, non_coincident)"), bad.stderr)
            let noReason = try await SettleCLI.run(["program", "change", group.id, "--from", "2024-06-01", "--demand-method", "coincident"], socket: socket)
            XCTAssertEqual(noReason.status, 64)
            XCTAssertTrue(noReason.stderr.contains("--reason is required"), noReason.stderr)
            let nothing = try await SettleCLI.run(["program", "change", group.id, "--from", "2024-06-01", "--reason", "nothing"], socket: socket)
            XCTAssertEqual(nothing.status, 64)
        }
    }
}
