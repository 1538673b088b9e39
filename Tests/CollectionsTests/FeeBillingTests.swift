import Foundation
import SettleContracts
import XCTest

/// Rules 1 and 2: a fee is billed with the next bill (current until then), and the late fee is
/// on the bill's own charge unpaid at the close of its due date, less what is disputed; never
/// on fees, once per bill, and not under an arrangement in good standing.
final class FeeBillingTests: XCTestCase {
    func testAnNSFFeeIsCurrentUntilTheNextBillAndThenDueOnThatBillsDueDate() async throws {
        try await withCollectionsHost { host in
            try await host.setPolicy { $0.nsfFeeCents = 2_500 }
            try await host.post([charge("B-1", account: "100001", cents: 10_000, billDate: "2025-03-01", dueDate: "2025-03-21")])
            try await host.pay("100001", 10_000, on: "2025-03-10", reference: "CHK-1")
            let returned = try await host.returnPayment("CHK-1", on: "2025-03-15")
            XCTAssertEqual(returned.fee.amountCents, 2_500)

            // Before the next bill the fee is current: not past due, not aged.
            let before = try await host.ledger("100001", asOf: "2025-03-31")
            XCTAssertEqual(before.pastDueCents, 10_000)
            let fee = try XCTUnwrap(before.openItems.first { $0.kind == "nsf_fee" })
            XCTAssertEqual(fee.openCents, 2_500)
            XCTAssertEqual(fee.dueDate, "")
            XCTAssertEqual(fee.daysPastDue, 0)
            let buckets = try await host.aging(asOf: "2025-03-31").portfolio
            XCTAssertEqual(buckets.currentCents, 2_500)
            XCTAssertEqual(buckets.days130Cents, 10_000)

            // The next bill (2025-04-01, due 2025-04-21) carries it: due that day, past due the day after.
            try await host.post([charge("B-2", account: "100001", cents: 8_000, billDate: "2025-04-01", dueDate: "2025-04-21")])
            let onDue = try await host.ledger("100001", asOf: "2025-04-21")
            XCTAssertEqual(onDue.openItems.first { $0.kind == "nsf_fee" }?.dueDate, "2025-04-21")
            XCTAssertEqual(onDue.pastDueCents, 10_000)
            let after = try await host.ledger("100001", asOf: "2025-04-22")
            XCTAssertEqual(after.pastDueCents, 20_500)
        }
    }

    func testAnUnbilledFeeAloneDrawsNoNotice() async throws {
        try await withCollectionsHost { host in
            try await host.setPolicy { $0.nsfFeeCents = 6_000 }  // above the 50.00 notice threshold
            try await host.post([charge("B-1", account: "100001", cents: 10_000, billDate: "2025-03-01", dueDate: "2025-03-21")])
            try await host.pay("100001", 10_000, on: "2025-03-10", reference: "CHK-1")
            try await host.returnPayment("CHK-1", on: "2025-03-15")
            try await host.pay("100001", 10_000, on: "2025-03-16", reference: "CHK-2")
            let ledger = try await host.ledger("100001", asOf: "2025-04-20")
            XCTAssertEqual(ledger.balanceCents, 6_000)
            XCTAssertEqual(ledger.pastDueCents, 0)
            let notices = try await host.runNotices("2025-04-20")
            XCTAssertEqual(notices.notices.count, 0)
        }
    }

    func testTheLateFeeBaseIsTheChargeUnpaidAtTheDueDateLessThePendingDispute() async throws {
        try await withCollectionsHost { host in
            try await host.setPolicy { policy in
                policy.lateFeeBasisPoints = 500
                policy.lateFeeGraceDays = 0
            }
            try await host.post([charge("B-1", account: "100001", cents: 20_000, billDate: "2025-03-01", dueDate: "2025-03-21")])
            // Paid on the due date: on time, so it lowers the base.
            try await host.pay("100001", 5_000, on: "2025-03-21")
            // Paid after the due date: the base is what was unpaid at its close.
            try await host.pay("100001", 1_000, on: "2025-03-22")
            try await host.openDispute("100001", cents: 6_000, on: "2025-03-22")
            // Grace 0: the day after the due date the fee is assessed.
            let early = try await host.assessLateFees("2025-03-22")
            XCTAssertEqual(early.fees, 1)
            // (150.00 unpaid at the close of 2025-03-21) − 60.00 disputed = 90.00; 5 % = 4.50.
            XCTAssertEqual(early.feeCents, 450)
            XCTAssertEqual(early.entries.first?.billID, "B-1")
            XCTAssertTrue(early.entries.first?.memo.contains("60.00 under dispute") == true, early.entries.first?.memo ?? "")
            // One per bill, and none on the fee itself.
            let again = try await host.assessLateFees("2025-05-30")
            XCTAssertEqual(again.fees, 0)
            XCTAssertEqual(again.alreadyCharged, 1)
        }
    }

    func testAPaymentOnTheDueDateIsOnTimeAndADayLateIsNot() async throws {
        try await withCollectionsHost { host in
            try await host.setPolicy { policy in
                policy.lateFeeBasisPoints = 0
                policy.lateFeeFlatCents = 1_000
                policy.lateFeeGraceDays = 0
            }
            try await host.post([
                charge("B-1", account: "100001", cents: 10_000, billDate: "2025-03-01", dueDate: "2025-03-21"),
                charge("B-2", account: "100002", agreement: 2, cents: 10_000, billDate: "2025-03-01", dueDate: "2025-03-21"),
            ])
            try await host.pay("100001", 10_000, on: "2025-03-21")
            try await host.pay("100002", 9_999, on: "2025-03-21")
            let run = try await host.assessLateFees("2025-03-25")
            XCTAssertEqual(run.fees, 1)
            XCTAssertEqual(run.entries.map(\.accountNumber), ["100002"])
            XCTAssertEqual(run.feeCents, 1_000)
        }
    }

    func testNoLateFeeWhileAnArrangementIsInGoodStanding() async throws {
        try await withCollectionsHost { host in
            try await host.setPolicy { policy in
                policy.lateFeeBasisPoints = 500
                policy.lateFeeGraceDays = 0
            }
            try await host.post([charge("B-1", account: "100001", cents: 20_000, billDate: "2025-03-01", dueDate: "2025-03-21")])
            _ = try await host.arrange("100001", start: "2025-03-22", [("2025-03-25", 10_000), ("2025-04-25", 10_000)])
            try await host.pay("100001", 10_000, on: "2025-03-25")
            let kept = try await host.assessLateFees("2025-04-01")
            XCTAssertEqual(kept.fees, 0)
            // Broken on 2025-04-26 (the second installment missed): the fee comes.
            let broken = try await host.assessLateFees("2025-04-26")
            XCTAssertEqual(broken.fees, 1)
            XCTAssertEqual(broken.feeCents, 1_000)  // 5 % of the 200.00 unpaid at the due date
        }
    }
}
