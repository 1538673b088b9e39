import Foundation
@testable import SettleCollections
import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// Deposits: required amount, held amount and interest, refund eligibility.
final class DepositTests: XCTestCase {
    /// Twelve monthly bills of 100.00 in 2024 (due the 21st) and a 200.00 deposit, paid on the
    /// 15th except in the months given (paid on the 25th instead: late).
    func seed(_ host: CollectionsHost, account: String, lateMonths: Set<Int> = []) async throws {
        var charges: [Settle_Collections_V1_BillCharge] = []
        for month in 1...12 {
            let mm = month < 10 ? "0\(month)" : "\(month)"
            charges.append(charge("\(account)-B-\(mm)", account: account, cents: 10_000, billDate: "2024-\(mm)-01", dueDate: "2024-\(mm)-21"))
        }
        try await host.post(charges)
        try await host.postEntry(account, "deposit_billed", 20_000, on: "2024-01-01", due: "2024-01-21", key: freshKey("deposit"))
        for month in 1...12 {
            let mm = month < 10 ? "0\(month)" : "\(month)"
            let day = lateMonths.contains(month) ? "25" : "15"
            try await host.pay(account, month == 1 ? 30_000 : 10_000, on: "2024-\(mm)-\(day)")
        }
    }

    func status(_ host: CollectionsHost, _ account: String, asOf: String = "2025-01-10") async throws -> Settle_Collections_V1_DepositStatus {
        var request = Settle_Collections_V1_GetDepositStatusRequest()
        request.accountNumber = account
        request.asOf = asOf
        return try await host.client.getDepositStatus(request)
    }

    func testAGoodPaymentYearMakesTheDepositRefundableUntilADisconnection() async throws {
        try await withCollectionsHost { host in
            try await seed(host, account: "100001")
            let good = try await status(host, "100001")
            // Eleven months billed since 2024-01-10, annualized: 110,000 × 12 / 11.
            XCTAssertEqual(good.estimatedAnnualBillingCents, 120_000)
            XCTAssertEqual(good.requiredCents, 20_004)  // 16.67 % of 1,200.00
            XCTAssertEqual(good.billedCents, 20_000)
            XCTAssertEqual(good.heldCents, 20_000)
            // 200.00 × 2 % × 355 days / 365 = 3.8904… → 3.89
            XCTAssertEqual(good.interestCents, 389)
            XCTAssertEqual(good.latePayments, 0)
            XCTAssertTrue(good.refundEligible, "\(good.reasons)")

            var disconnection = Settle_Collections_V1_RecordDisconnectionRequest()
            disconnection.idempotencyKey = freshKey("disconnect")
            disconnection.accountNumber = "100001"
            disconnection.date = "2024-06-03"
            _ = try await host.client.recordDisconnection(disconnection)
            let after = try await status(host, "100001")
            XCTAssertFalse(after.refundEligible)
            XCTAssertTrue(after.reasons.contains("1 disconnection(s) in the last 12 months"), "\(after.reasons)")
        }
    }

    func testThreeLatePaymentsInAYearKeepTheDeposit() async throws {
        try await withCollectionsHost { host in
            try await seed(host, account: "100002", lateMonths: [3, 7])
            let two = try await status(host, "100002")
            XCTAssertEqual(two.latePayments, 2)
            XCTAssertTrue(two.refundEligible, "\(two.reasons)")
            try await seed(host, account: "100003", lateMonths: [3, 7, 11])
            let three = try await status(host, "100003")
            XCTAssertEqual(three.latePayments, 3)
            XCTAssertFalse(three.refundEligible)
            // Fewer than 12 months of service: not yet.
            let early = try await status(host, "100002", asOf: "2024-11-30")
            XCTAssertFalse(early.refundEligible)
            XCTAssertTrue(early.reasons.first?.hasPrefix("fewer than 12 months") == true, "\(early.reasons)")
        }
    }

    // MARK: deposit applied and refunded

    func testADepositAppliedPaysTheOldestChargesAndLowersTheDepositHeldByExactlyThat() async throws {
        try await withCollectionsHost { host in
            let account = "200001"
            try await host.post([
                charge("B-2", account: account, cents: 15_000, billDate: "2024-02-01", dueDate: "2024-02-21"),
                charge("B-3", account: account, cents: 8_000, billDate: "2024-03-01", dueDate: "2024-03-21"),
            ])
            try await host.postEntry(account, "deposit_billed", 20_000, on: "2024-01-01", due: "2024-01-21")
            try await host.pay(account, 20_000, on: "2024-01-15")  // pays the deposit, due first
            let held = try await status(host, account, asOf: "2024-03-25")
            XCTAssertEqual(held.heldCents, 20_000)
            XCTAssertEqual(held.interestCents, 70)  // 200.00 × 2 % × 64 days / 365 = 0.701…

            let key = freshKey("apply")
            let applied = try await host.postEntry(account, "deposit_applied", 17_500, on: "2024-03-25", key: key)
            XCTAssertEqual(applied.entry.kind, "deposit_applied")
            XCTAssertEqual(applied.entry.amountCents, -17_500)
            XCTAssertEqual(applied.entry.depositCents, -17_500)
            XCTAssertEqual(applied.balanceCents, 5_500)  // 150.00 + 80.00 − 175.00
            XCTAssertEqual(applied.depositHeldCents, 2_500)
            // A retry under the same key answers the same and posts nothing more.
            let retried = try await host.postEntry(account, "deposit_applied", 17_500, on: "2024-03-25", key: key)
            XCTAssertEqual(retried, applied)

            let ledger = try await host.ledger(account, asOf: "2024-03-25", entries: true)
            XCTAssertEqual(ledger.entries.filter { $0.kind == "deposit_applied" }.count, 1)
            XCTAssertEqual(ledger.openItems.map(\.billID), ["B-3"], "February is paid, March partly")
            XCTAssertEqual(ledger.openItems.map(\.openCents), [5_500])
            XCTAssertEqual(ledger.creditCents, 0)

            let after = try await status(host, account, asOf: "2024-04-01")
            XCTAssertEqual(after.billedCents, 20_000)
            XCTAssertEqual(after.appliedCents, 17_500)
            XCTAssertEqual(after.refundedCents, 0)
            XCTAssertEqual(after.heldCents, 2_500)
            // (200.00 × 71 days − 175.00 × 7 days) × 2 % / 365 = 0.7109… → 0.71
            XCTAssertEqual(after.interestCents, 71)

            await assertRPCError(.failedPrecondition, containing: "amount_cents: 25.01 is more than the deposit held on 2024-03-26: 25.00 (billed 200.00, paid 200.00, applied 175.00, refunded 0.00)") {
                try await host.postEntry(account, "deposit_applied", 2_501, on: "2024-03-26")
            }
            let audit = try await host.store().auditRecords(entity: "ledger-entry/\(applied.entry.id)")
            XCTAssertEqual(audit.count, 1)
            XCTAssertEqual(audit.first?.before, #"{"deposit_held_cents":20000}"#)
            XCTAssertTrue(audit.first?.after.contains(#""deposit_held_cents":2500"#) == true, audit.first?.after ?? "")
            XCTAssertTrue(audit.first?.after.contains(#""balance_cents":5500"#) == true, audit.first?.after ?? "")
            let check = try await host.checkLedger()
            XCTAssertTrue(check.balanced, "\(check.problems)")
        }
    }

    func testADepositRefundedLowersTheDepositHeldButNotTheBalanceAndCannotExceedIt() async throws {
        try await withCollectionsHost { host in
            let account = "200002"
            try await host.post([charge("B-1", account: account, cents: 9_000, billDate: "2024-01-01", dueDate: "2024-01-21")])
            try await host.postEntry(account, "deposit_billed", 12_000, on: "2024-01-01", due: "2024-01-21")
            try await host.pay(account, 21_000, on: "2024-01-15")  // the bill and the deposit
            try await host.post([charge("B-2", account: account, cents: 9_500, billDate: "2024-02-01", dueDate: "2024-02-21")])

            await assertRPCError(.failedPrecondition, containing: "amount_cents: 120.01 is more than the deposit held on 2024-03-01: 120.00") {
                try await host.postEntry(account, "deposit_refunded", 12_001, on: "2024-03-01")
            }
            let refunded = try await host.postEntry(account, "deposit_refunded", 12_000, on: "2024-03-01")
            XCTAssertEqual(refunded.entry.amountCents, 0)
            XCTAssertEqual(refunded.entry.depositCents, -12_000)
            XCTAssertEqual(refunded.balanceCents, 9_500, "the customer still owes February's bill")
            XCTAssertEqual(refunded.depositHeldCents, 0)
            let july = try await status(host, account, asOf: "2024-07-01")
            XCTAssertEqual(july.heldCents, 0)
            XCTAssertEqual(july.refundedCents, 12_000)
            // 120.00 × 2 % × 40 days (due 01-21 to the refund on 03-01) / 365 = 0.263… → 0.26, no more after it.
            XCTAssertEqual(july.interestCents, 26)
            await assertRPCError(.failedPrecondition, containing: "held on 2024-03-02: 0.00") {
                try await host.postEntry(account, "deposit_applied", 1, on: "2024-03-02")
            }
            // A back-dated application cannot take out what the later refund already paid back.
            await assertRPCError(.failedPrecondition, containing: "more than the deposit held after later deposit entries: 0.00 (billed 120.00, paid 120.00, applied 0.00, refunded 120.00)") {
                try await host.postEntry(account, "deposit_applied", 5_000, on: "2024-02-25")
            }

            // Reversing the refund (it was never paid out) puts the deposit back.
            let reversal = try await host.reverseEntry(refunded.entry.id, on: "2024-03-05")
            XCTAssertEqual(reversal.entry.depositCents, 12_000)
            XCTAssertEqual(reversal.balanceCents, 9_500)
            let restored = try await status(host, account, asOf: "2024-03-05")
            XCTAssertEqual(restored.heldCents, 12_000)
            XCTAssertEqual(restored.refundedCents, 0)
            let check = try await host.checkLedger()
            XCTAssertTrue(check.balanced, "\(check.problems)")
            XCTAssertEqual(check.byKindCents["deposit_refunded"], 0)
        }
    }

    func testAPartlyPaidDepositAppliesOnlyWhatWasPaidAndNeverPaysItself() async throws {
        try await withCollectionsHost { host in
            let account = "200003"
            try await host.post([charge("B-2", account: account, cents: 15_000, billDate: "2024-02-01", dueDate: "2024-02-21")])
            try await host.postEntry(account, "deposit_billed", 20_000, on: "2024-01-01", due: "2024-01-21")
            await assertRPCError(.failedPrecondition, containing: "more than the deposit held on 2024-01-10: 0.00 (billed 200.00, paid 0.00") {
                try await host.postEntry(account, "deposit_applied", 100, on: "2024-01-10")
            }
            try await host.pay(account, 10_000, on: "2024-01-15")  // half the deposit, due first
            let applied = try await host.postEntry(account, "deposit_applied", 10_000, on: "2024-03-01")
            XCTAssertEqual(applied.depositHeldCents, 0)
            XCTAssertEqual(applied.balanceCents, 15_000)
            let ledger = try await host.ledger(account, asOf: "2024-03-01")
            // The deposit's unpaid half stays owed; the applied 100.00 paid the February bill down.
            XCTAssertEqual(ledger.openItems.map(\.kind), ["deposit_billed", "charge"])
            XCTAssertEqual(ledger.openItems.map(\.openCents), [10_000, 5_000])
            // A later payment pays the oldest first, the deposit, which is held again.
            try await host.pay(account, 4_000, on: "2024-03-10")
            let later = try await status(host, account, asOf: "2024-03-10")
            XCTAssertEqual(later.heldCents, 4_000)
            XCTAssertEqual(later.appliedCents, 10_000)
        }
    }

    func testDepositEntriesRefuseWhatTheyCannotBe() async throws {
        try await withCollectionsHost { host in
            try await host.post([charge("B-1", account: "200004", cents: 1_000, billDate: "2024-01-01", dueDate: "2024-01-21")])
            await assertRPCError(.invalidArgument, containing: "due_date: a deposit_applied entry is not an amount owed") {
                try await host.postEntry("200004", "deposit_applied", 100, on: "2024-02-01", due: "2024-02-21")
            }
            await assertRPCError(.invalidArgument, containing: "amount_cents: must be a positive number of cents; got -100") {
                try await host.postEntry("200004", "deposit_refunded", -100, on: "2024-02-01")
            }
            await assertRPCError(.invalidArgument, containing: "kind: 'deposit_paid' is not one of adjustment, credit, deposit_applied, deposit_billed, deposit_refunded, write_off") {
                try await host.postEntry("200004", "deposit_paid", 100, on: "2024-02-01")
            }
            await assertRPCError(.invalidArgument, containing: "due_date: 2024-01-31 is before the entry date 2024-02-01") {
                try await host.postEntry("200004", "deposit_billed", 100, on: "2024-02-01", due: "2024-01-31")
            }
            await assertRPCError(.invalidArgument, containing: "idempotency key") {
                try await host.postEntry("200004", "deposit_billed", 100, on: "2024-02-01", key: "")
            }
        }
    }
}
