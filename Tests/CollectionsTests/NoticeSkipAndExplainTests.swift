import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

/// Rules 5 and 6: RunNotices says why each account past due got no notice, and eligibility is
/// explained for any account, naming every calendar reason that applies.
final class NoticeSkipAndExplainTests: XCTestCase {
    func testEveryAccountSkippedHasItsReason() async throws {
        try await withCollectionsHost { host in
            try await host.post([
                charge("B-1", account: "100001", cents: 10_000, billDate: "2025-03-01", dueDate: "2025-03-21"),
                charge("B-2", account: "100002", agreement: 2, cents: 10_000, billDate: "2025-03-01", dueDate: "2025-03-21"),
                charge("B-3", account: "100003", agreement: 3, cents: 10_000, billDate: "2025-03-01", dueDate: "2025-03-21"),
            ])
            // 100001: 50.01 disputed leaves 49.99, below the 50.00 threshold; at 50.00 it would be noticed.
            try await host.openDispute("100001", cents: 5_001, on: "2025-03-22")
            _ = try await host.arrange("100002", start: "2025-03-22", [("2025-04-22", 10_000)])
            let early = try await host.runNotices("2025-03-25")
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: early.skipped.map { ($0.accountNumber, $0.reason) }),
                           ["100001": "held", "100002": "arrangement", "100003": "not_yet_due"])
            let held = try XCTUnwrap(early.skipped.first { $0.accountNumber == "100001" })
            XCTAssertEqual(held.collectibleCents, 4_999)
            XCTAssertEqual(early.skippedHeld, 1)
            let run = try await host.runNotices("2025-03-26")
            XCTAssertEqual(run.notices.map(\.accountNumber), ["100003"])

            var list = Settle_Collections_V1_ListNoticesRequest()
            list.accountNumber = "100003"
            let awaited1 = try await host.client.listNotices(list).notices.map(\.issuedDate)
            XCTAssertEqual(awaited1, ["2025-03-26"])
        }
    }

    func testAnAccountWithoutANoticeIsExplainedAndASaturdayNamesBothReasons() async throws {
        try await withCollectionsHost { host in
            let customer = try await host.servedCustomer()
            try await host.post([charge("B-1", account: customer.account, agreement: customer.agreementID, cents: 20_000,
                                        billDate: "2025-02-10", dueDate: "2025-03-01")])
            _ = try await host.importWeather(mildWeather())
            let awaited2 = try await host.evaluate("2025-03-22", account: customer.account).decisions.first
            let decision = try XCTUnwrap(awaited2)
            XCTAssertFalse(decision.eligible)
            XCTAssertEqual(decision.rules.count, 10)
            XCTAssertEqual(decision.noticeID, 0)
            XCTAssertEqual(decision.rules.filter { !$0.passed }.map(\.rule), ["notice_served_and_expired", "not_weekend_or_holiday"])
            XCTAssertEqual(decision.rules.first { $0.rule == "notice_served_and_expired" }?.detail, "no disconnect notice served by 2025-03-22")
            XCTAssertEqual(decision.rules.first { $0.rule == "not_weekend_or_holiday" }?.detail,
                           "2025-03-22 is a weekend day and the day before a weekend day")
            // The day before (a Friday) is only the day before a weekend day.
            let awaited3 = try await host.evaluate("2025-03-21", account: customer.account).decisions.first
            let friday = try XCTUnwrap(awaited3)
            XCTAssertEqual(friday.rules.first { $0.rule == "not_weekend_or_holiday" }?.detail, "2025-03-21 is the day before a weekend day")
            // An account no one knows is still refused.
            await assertRPCError(.notFound) { try await host.evaluate("2025-03-21", account: "999999") }
        }
    }
}
