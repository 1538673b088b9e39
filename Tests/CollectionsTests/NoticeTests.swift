import Foundation
@testable import SettleCollections
import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// The notice cycle: past-due after the configured days, disconnect notice later with at
/// least ten days, each recorded once, and held amounts leaving accounts out.
final class NoticeTests: XCTestCase {
    func testNoticesFollowTheConfiguredDaysAndAreRecordedOnce() async throws {
        try await withCollectionsHost { host in
            try await host.setPolicy { policy in
                policy.noticeThresholdCents = 2_500
                policy.noticeDaysAfterDue = 3
                policy.disconnectNoticeAfterDays = 5
                policy.disconnectNoticeDays = 14
            }
            try await host.post([
                charge("B-1", account: "100001", cents: 10_000, billDate: "2025-03-01", dueDate: "2025-03-21"),
                charge("B-2", account: "100002", agreement: 2, cents: 2_500, billDate: "2025-03-01", dueDate: "2025-03-21"),
            ])
            // Two days after the due date: too early.
            let run1 = try await host.runNotices("2025-03-23")
            XCTAssertEqual(run1.notices.count, 0)
            let pastDue = try await host.runNotices("2025-03-24")
            XCTAssertEqual(pastDue.pastDueNotices, 1)  // 100002's 25.00 is not above 25.00
            XCTAssertEqual(pastDue.notices.first?.accountNumber, "100001")
            XCTAssertEqual(pastDue.notices.first?.pastDueCents, 10_000)
            XCTAssertEqual(pastDue.notices.first?.oldestDueDate, "2025-03-21")
            // Running again the same day or the next issues nothing more.
            let run2 = try await host.runNotices("2025-03-24")
            XCTAssertEqual(run2.notices.count, 0)
            let run3 = try await host.runNotices("2025-03-28")
            XCTAssertEqual(run3.notices.count, 0)
            let disconnect = try await host.runNotices("2025-03-29")
            XCTAssertEqual(disconnect.disconnectNotices, 1)
            XCTAssertEqual(disconnect.notices.first?.disconnectDate, "2025-04-12")
            let run4 = try await host.runNotices("2025-04-05")
            XCTAssertEqual(run4.notices.count, 0)
        }
    }

    func testADisputedAmountStopsTheNotice() async throws {
        try await withCollectionsHost { host in
            try await host.post([charge("B-1", account: "100001", cents: 10_000, billDate: "2025-03-01", dueDate: "2025-03-21")])
            let opened = try await host.openDispute("100001", cents: 6_000, on: "2025-03-22", description: "")
            let held = try await host.runNotices("2025-03-27")
            XCTAssertEqual(held.pastDueNotices, 0)
            XCTAssertEqual(held.skippedHeld, 1)

            var close = Settle_Collections_V1_CloseDisputeRequest()
            close.idempotencyKey = freshKey("close")
            close.disputeID = opened.id
            close.closedDate = "2025-03-28"
            close.resolution = "read confirmed"
            _ = try await host.client.closeDispute(close)
            let after = try await host.runNotices("2025-03-28")
            XCTAssertEqual(after.pastDueNotices, 1)
            XCTAssertEqual(after.notices.first?.pastDueCents, 10_000)
            let ledger = try await host.ledger("100001", asOf: "2025-03-27")
            XCTAssertEqual(ledger.heldCents, 6_000)
        }
    }

    func testABrokenArrangementEndsAndANewNoticeCycleStarts() async throws {
        try await withCollectionsHost { host in
            try await host.post([charge("B-1", account: "100001", cents: 20_000, billDate: "2025-03-01", dueDate: "2025-03-21")])
            let first = try await host.runNotices("2025-03-26")
            XCTAssertEqual(first.pastDueNotices, 1)
            let arrangement = try await host.arrange("100001", down: 5_000, start: "2025-03-28", installments: 3)
            try await host.pay("100001", 5_000, on: "2025-03-28")
            // Kept: no disconnect notice while it is in good standing.
            let kept = try await host.runNotices("2025-04-10")
            XCTAssertEqual(kept.notices.count, 0)
            // The first installment (5,000 due 2025-04-28) is missed: broken on the 29th.
            let standing = try await host.arrangement(arrangement.id, asOf: "2025-04-30")
            XCTAssertEqual(standing.status, "broken")
            XCTAssertEqual(standing.brokenOn, "2025-04-29")
            XCTAssertEqual(standing.paidCents, 5_000)
            // A new past-due notice starts a new cycle; the old one does not lead to disconnection.
            let renewed = try await host.runNotices("2025-04-30")
            XCTAssertEqual(renewed.pastDueNotices, 1)
            XCTAssertEqual(renewed.disconnectNotices, 0)
            XCTAssertEqual(renewed.notices.first?.pastDueCents, 15_000)
            let disconnect = try await host.runNotices("2025-05-07")
            XCTAssertEqual(disconnect.disconnectNotices, 1)
            XCTAssertEqual(disconnect.notices.first?.disconnectDate, "2025-05-17")
        }
    }
}
