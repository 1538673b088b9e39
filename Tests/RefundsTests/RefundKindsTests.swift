import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// Each kind's amount to the cent, computed from the real ledger and accounts over the socket,
/// and the rule that a source is paid at most once.
final class RefundKindsTests: XCTestCase {
    /// Deposit 150.00 (due 2025-01-10, paid), bill 80.00, payment 200.00, final bill 45.00 on
    /// 2025-03-05: Collections applies the deposit and its interest (150.00 × 2 % × 54/365 =
    /// 0.44), leaving a credit of 275.00 − 350.00 − 150.00 − 0.44 = −225.44 on a closed account.
    func testCreditBalanceOnAClosedAccountIsTheCreditLeftAfterTheFinalBillAndDeposit() async throws {
        try await withRefundsHost { host in
            let ada = try await host.customer("Ada Osei", premise: "P-ADA", on: "2025-01-01")
            try await host.deposit(ada, 15_000, billed: "2025-01-01", due: "2025-01-10", paid: "2025-01-05")
            try await host.charge(ada, bill: "B-ADA-1", cents: 8_000, billDate: "2025-02-01", dueDate: "2025-02-20")
            try await host.pay(ada, 20_000, on: "2025-02-15")
            // Before the final bill the account is active: its credit pays the next bills.
            await assertRPCError(.failedPrecondition, containing: "only on a final or closed account") {
                try await host.request("credit_balance", ada.account, date: "2025-02-20")
            }
            try await host.finalBill(ada, bill: "B-ADA-2", cents: 4_500, moveOut: "2025-03-01", billDate: "2025-03-05", dueDate: "2025-03-25")
            let ledger = try await host.ledger(ada.account)
            XCTAssertEqual(ledger.entries.first { $0.kind == "deposit_interest" }?.amountCents, -44)
            XCTAssertEqual(ledger.balanceCents, -22_544)

            let refund = try await host.request("credit_balance", ada.account, date: "2025-03-10")
            XCTAssertEqual(refund.amountCents, 22_544)
            XCTAssertEqual(refund.status, "submitted")
            XCTAssertEqual(refund.source, "final:\(ada.account)")
            XCTAssertFalse(refund.needsSupervisor)
            // Every input with its source; the lines that count sum to the amount.
            let counted = refund.calculation.filter { !$0.informational }
            XCTAssertEqual(counted.reduce(0) { $0 + $1.amountCents }, 22_544)
            XCTAssertEqual(counted.first { $0.label == "Deposit interest credited" }?.amountCents, 44)
            XCTAssertEqual(counted.first { $0.label == "Deposit applied to the final bill" }?.amountCents, 15_000)
            XCTAssertEqual(counted.first { $0.label == "Bills charged" }?.amountCents, -12_500)
            XCTAssertEqual(counted.first { $0.label == "Payments" }?.amountCents, 35_000)
            XCTAssertTrue(counted.allSatisfy { $0.source.hasPrefix("collections: ledger of \(ada.account)") })
            XCTAssertEqual(refund.calculation.first?.detail.hasPrefix("closed"), true, refund.calculation.first?.detail ?? "")
        }
    }

    /// A credit of 0.75 on a closed account is below the 1.00 minimum: no refund, a
    /// small-balance adjustment of +0.75 clears it.
    func testASmallBalanceBelowTheMinimumBecomesAnAdjustment() async throws {
        try await withRefundsHost { host in
            let bo = try await closedWithCredit(host, "Bo Lind", premise: "P-BO", overpaid: 75)
            let refund = try await host.request("credit_balance", bo.account, date: "2025-03-10")
            XCTAssertEqual(refund.amountCents, 75)
            XCTAssertEqual(refund.status, "adjusted")
            XCTAssertEqual(refund.method, "adjustment")
            XCTAssertNotEqual(refund.ledgerEntryID, 0)
            let ledger = try await host.ledger(bo.account)
            let adjustment = try XCTUnwrap(ledger.entries.first { $0.kind == "adjustment" })
            XCTAssertEqual(adjustment.amountCents, 75)
            XCTAssertEqual(adjustment.id, refund.ledgerEntryID)
            XCTAssertEqual(ledger.balanceCents, 0)
            XCTAssertFalse(ledger.entries.contains { $0.kind == "refund" })
            // Nothing left to approve or batch.
            await assertRPCError(.failedPrecondition) { try await host.supervisor.approveRefund(host.decide(refund.id)) }
        }
    }

    /// Deposit 150.00 due 2024-01-12, held to 2025-01-20 (374 days): interest 150.00 × 2 % ×
    /// 374/365 = 3.07, so the refund is 153.07; twelve bills paid on time make it eligible.
    func testADepositRefundIsTheHeldDepositWithItsInterestAndPostsTheInterest() async throws {
        try await withRefundsHost { host in
            let cy = try await host.customer("Cy Young", premise: "P-CY", on: "2024-01-01")
            try await host.deposit(cy, 15_000, billed: "2024-01-02", due: "2024-01-12", paid: "2024-01-05")
            try await paidYear(host, cy)
            let status = try await host.collections.getDepositStatus(.with { $0.accountNumber = cy.account; $0.asOf = "2025-01-20" })
            XCTAssertTrue(status.refundEligible, "\(status.reasons)")
            XCTAssertEqual(status.interestCents, 307)

            let refund = try await host.request("deposit", cy.account, date: "2025-01-20")
            XCTAssertEqual(refund.amountCents, 15_307)
            XCTAssertEqual(refund.depositCents, 15_000)
            XCTAssertEqual(refund.interestCents, 307)
            XCTAssertEqual(refund.calculation.filter { !$0.informational }.map(\.amountCents), [15_000, 307])
            XCTAssertTrue(refund.calculation.allSatisfy { $0.source == "collections: deposit status of \(cy.account) as of 2025-01-20" })

            let approved = try await host.clerk.approveRefund(host.decide(refund.id))
            XCTAssertEqual(approved.status, "approved")
            XCTAssertEqual(approved.approvedBy, "uid:2001")
            let batch = try await host.batch(date: "2025-01-22")
            XCTAssertEqual(batch.items.map(\.netCents), [15_307])
            XCTAssertEqual(batch.items.first?.method, "check")
            _ = try await host.release(batch.id)
            // Paid: the deposit applied, its interest posted (no longer only reported), the refund.
            let ledger = try await host.ledger(cy.account)
            let posted = ledger.entries.filter { $0.entryDate == "2025-01-22" }.map { "\($0.kind) \($0.amountCents)" }
            XCTAssertEqual(posted, ["deposit_applied -15000", "deposit_interest -307", "refund 15307"])
            XCTAssertEqual(ledger.balanceCents, 0)
            let after = try await host.collections.getDepositStatus(.with { $0.accountNumber = cy.account; $0.asOf = "2025-01-22" })
            XCTAssertEqual(after.heldCents, 0)
            let disbursed = try await host.refunds.getRefund(.with { $0.refundID = refund.id })
            XCTAssertEqual(disbursed.status, "disbursed")
            XCTAssertEqual(disbursed.history.map(\.action), ["drafted", "submitted", "approved", "batched", "disbursed"])
        }
    }

    /// A retried request answers the first; a duplicated one (another key) is refused naming
    /// it; a rejected request frees the source for a new one.
    func testASourceIsRequestedAtMostOnce() async throws {
        try await withRefundsHost { host in
            let di = try await closedWithCredit(host, "Di Moss", premise: "P-DI", overpaid: 3_000)
            let first = try await host.request("credit_balance", di.account, date: "2025-03-10", key: "one")
            let retried = try await host.request("credit_balance", di.account, date: "2025-03-10", key: "one")
            XCTAssertEqual(retried.id, first.id)
            await assertRPCError(.alreadyExists, containing: "is already refund \(first.id)") {
                try await host.request("credit_balance", di.account, date: "2025-03-10", key: "two")
            }
            await assertRPCError(.invalidArgument, containing: "reason") {
                try await host.clerk.rejectRefund(host.decide(first.id, reason: ""))
            }
            let rejected = try await host.clerk.rejectRefund(host.decide(first.id, reason: "customer owes on another account"))
            XCTAssertEqual(rejected.status, "rejected")
            XCTAssertEqual(rejected.decisionReason, "customer owes on another account")
            let again = try await host.request("credit_balance", di.account, date: "2025-03-11", key: "three")
            XCTAssertNotEqual(again.id, first.id)
            XCTAssertEqual(again.amountCents, 3_000)
            let listed = try await host.refunds.listRefunds(.with { $0.accountNumber = di.account })
            XCTAssertEqual(listed.refunds.map(\.status), ["rejected", "submitted"])
        }
    }
}

/// Twelve monthly bills of 60.00 from 2024-01-05, each paid five days after it was billed.
func paidYear(_ host: RefundsHost, _ customer: Customer) async throws {
    for month in 1...12 {
        let mm = month < 10 ? "0\(month)" : "\(month)"
        try await host.charge(customer, bill: "B-\(customer.account)-\(mm)", cents: 6_000, billDate: "2024-\(mm)-05", dueDate: "2024-\(mm)-25")
        try await host.pay(customer, 6_000, on: "2024-\(mm)-10")
    }
}

/// Deposit refunds for many accounts in one call, each computed as alone; the ones that cannot
/// be refunded are answered with their reason and the others recorded.
final class BulkDepositRefundTests: XCTestCase {
    func testManyDepositRefundsAtOnceWithTheRefusedNamed() async throws {
        try await withRefundsHost { host in
            let a = try await host.customer("Ann Bo", premise: "P-ANN", on: "2024-01-01")
            let b = try await host.customer("Ben Cho", premise: "P-BEN", on: "2024-01-01")
            let c = try await host.customer("Cal Dee", premise: "P-CAL", on: "2024-01-01")
            for customer in [a, b] {
                try await host.deposit(customer, 15_000, billed: "2024-01-02", due: "2024-01-12", paid: "2024-01-05")
                try await paidYear(host, customer)
            }
            try await paidYear(host, c)  // no deposit
            let response = try await host.refunds.requestRefunds(.with {
                $0.idempotencyKey = freshKey("bulk"); $0.kind = "deposit"; $0.accountNumbers = [a.account, c.account, b.account]; $0.refundDate = "2025-01-20"
            })
            XCTAssertEqual(response.refunds.map(\.accountNumber), [a.account, b.account])
            XCTAssertEqual(response.refunds.map(\.amountCents), [15_307, 15_307])
            XCTAssertEqual(response.totalCents, 30_614)
            XCTAssertEqual(response.refused.map(\.accountNumber), [c.account])
            XCTAssertTrue(response.refused.first?.reason.contains("holds no deposit") ?? false, response.refused.first?.reason ?? "")
            // The same as one request computes: a second request for a's deposit is refused.
            await assertRPCError(.alreadyExists) { try await host.request("deposit", a.account, date: "2025-01-20") }
            let one = try await host.refunds.getRefund(.with { $0.refundID = response.refunds[0].id })
            XCTAssertEqual(one.calculation.filter { !$0.informational }.map(\.amountCents), [15_000, 307])
            await assertRPCError(.invalidArgument, containing: "RequestRefunds takes deposit") {
                try await host.refunds.requestRefunds(.with { $0.idempotencyKey = freshKey("bulk"); $0.kind = "credit_balance"; $0.accountNumbers = [a.account] })
            }
        }
    }
}
