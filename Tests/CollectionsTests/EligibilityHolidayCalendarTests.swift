import Foundation
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// The disconnection calendar reads the utility's one holiday calendar (Programs), not only
/// the policy's own list.
extension EligibilityTests {
    /// The city makes the decision day, Tuesday 2025-02-25, a holiday in Programs' calendar:
    /// no disconnection that day, with only the calendar rule failing.
    func testAHolidayOnTheUtilitysCalendarIsNoDisconnectionDay() async throws {
        let decision = try await decide { host, _ in
            let programs = ProgramsV1.Client(transport: host.runtime.inProcessTransport(as: PeerIdentity(uid: 0, gid: 0, pid: 1, role: .admin)))
            _ = try await programs.setHolidays(.with {
                $0.idempotencyKey = "calendar-2025"
                $0.year = 2025
                $0.days = [.with { $0.date = "2025-02-25"; $0.name = "Founders Day" }]
                $0.reason = "city council resolution"
            })
        }
        XCTAssertEqual(failing(decision), ["not_weekend_or_holiday"])
        XCTAssertTrue(decision.rules[7].detail.contains("is a holiday"), decision.rules[7].detail)
    }
}
