import Foundation
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import XCTest

/// The `settle` binary's calendar and tou-compare commands against a live host over its socket.
final class ProgramsCLITests: XCTestCase {
    func json(_ run: CommandRun) throws -> [String: Any] {
        XCTAssertEqual(run.status, 0, run.stderr)
        return try run.object()
    }

    /// `settle calendar holidays list|set --year Y`: the observed Monday, a city day added.
    func testCalendarHolidaysListAndSet() async throws {
        try await withProgramsHost { host in
            let socket = host.runtime.configuration.socketPath
            let listed = try json(try await SettleCLI.run(["calendar", "holidays", "list", "--year", "2023", "--json"], socket: socket))
            let first = try XCTUnwrap((listed["holidays"] as? [[String: Any]])?.first)
            XCTAssertEqual(first["date"] as? String, "2023-01-02")
            XCTAssertEqual(first["actual_date"] as? String, "2023-01-01")
            let set = try await SettleCLI.run(["calendar", "holidays", "set", "--year", "2023", "--day", "2023-03-06=Founders Day", "--reason", "council resolution"], socket: socket)
            XCTAssertEqual(set.status, 0, set.stderr)
            let founders = try XCTUnwrap(set.stdout.split(separator: "\n").first { $0.contains("Founders Day") })
            XCTAssertTrue(founders.hasPrefix("2023-03-06"), String(founders))
            XCTAssertTrue(founders.contains("utility"), String(founders))
            let noReason = try await SettleCLI.run(["calendar", "holidays", "set", "--year", "2023"], socket: socket)
            XCTAssertEqual(noReason.status, 64)
            XCTAssertTrue(noReason.stderr.contains("--reason is required"), noReason.stderr)
        }
    }

    /// `settle program tou-compare`: Acme's MA as billed ($188.50) beside LC-TOU ($149.96), as
    /// `TouCompareTests` computes by hand; without a tou enrolment the tariff must be named.
    func testTouCompareTableAndJSON() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            try await HolidayCalendarTests.timeOfUseTariff(host)
            let a = try XCTUnwrap(utility.agreements["PA"])
            try await host.runBilling(period: "2024-05", billDate: "2024-05-13")
            let socket = host.runtime.configuration.socketPath
            let object = try json(try await SettleCLI.run(["program", "tou-compare", "\(a)", "--months", "12", "--tariff", "LC-TOU", "--json"], socket: socket))
            XCTAssertEqual(object["current_cents"] as? Int, 18_850)
            XCTAssertEqual(object["candidate_cents"] as? Int, 14_996)
            XCTAssertEqual(object["difference_cents"] as? Int, -3_854)
            XCTAssertEqual((object["bills"] as? [[String: Any]])?.count, 1)
            let table = try await SettleCLI.run(["program", "tou-compare", "\(a)", "--tariff", "LC-TOU"], socket: socket)
            XCTAssertEqual(table.status, 0, table.stderr)
            let total = try XCTUnwrap(table.stdout.split(separator: "\n").first { $0.hasPrefix("total (1 bills)") })
            XCTAssertTrue(total.contains("188.50") && total.contains("149.96") && total.contains("-38.54"), String(total))
            let unnamed = try await SettleCLI.run(["program", "tou-compare", "\(a)"], socket: socket)
            XCTAssertNotEqual(unnamed.status, 0)
            XCTAssertTrue(unnamed.stderr.contains("has no time-of-use enrolment: name the tariff with --tariff CODE"), unnamed.stderr)
        }
    }
}
