import Foundation
import SettleHost
import SettleTestSupport
@testable import SettleCollections
import SettleContracts
import SettleModuleSDK
import SettleRPC
import XCTest

/// Collections reads the utility's holiday calendar from Programs when the host serves it, and
/// does without it otherwise: a host without Programs starts and decides disconnections on the
/// policy's own holidays.
final class WithoutProgramsTests: XCTestCase {
    func testAHostWithoutProgramsDecidesOnThePolicysOwnCalendar() async throws {
        try await withCollectionsHost(programs: false) { host in
            XCTAssertEqual(host.runtime.modules.map(\.descriptor.name).sorted(), ["accounts", "collections", "metering"])
            let customer = try await host.servedCustomer()
            try await host.post([charge("B-1", account: customer.account, agreement: customer.agreementID, cents: 20_000, billDate: "2025-01-10", dueDate: "2025-02-01")])
            _ = try await host.importWeather(mildWeather())
            _ = try await host.runNotices("2025-02-06")
            let disconnect = try await host.runNotices("2025-02-13")
            XCTAssertEqual(disconnect.notices.first?.disconnectDate, "2025-02-23")
            let evaluated = try await host.evaluate("2025-02-25", account: customer.account)
            let decision = try XCTUnwrap(evaluated.decisions.first)
            XCTAssertTrue(decision.eligible, "\(decision.rules)")
            XCTAssertEqual(decision.pastDueCents, 20_000)
            let calendar = try XCTUnwrap(decision.rules.first { $0.rule == "not_weekend_or_holiday" })
            XCTAssertTrue(calendar.passed)
            XCTAssertEqual(calendar.detail, "2025-02-25 is a working day before a working day")
        }
    }
}
