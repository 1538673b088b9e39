import Foundation
@testable import SettleCollections
import SettleContracts
import SettleModuleSDK
import SettleRPC
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
        var deposit = Settle_Collections_V1_PostEntryRequest()
        deposit.idempotencyKey = freshKey("deposit")
        deposit.accountNumber = account
        deposit.kind = "deposit_billed"
        deposit.amountCents = 20_000
        deposit.entryDate = "2024-01-01"
        deposit.dueDate = "2024-01-21"
        _ = try await host.client.postEntry(deposit)
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
}
