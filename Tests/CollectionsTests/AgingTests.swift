import Foundation
@testable import SettleCollections
import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// Aging buckets at their boundaries, the tie to the ledger, and late fees charged once.
final class AgingTests: XCTestCase {
    func testBucketsTurnOverOnDays30And31And60And61() async throws {
        try await withCollectionsHost { host in
            // All due 2025-01-01; each amount tells which day of past-due it is checked on.
            try await host.post([charge("B-1", account: "100001", cents: 1_000, billDate: "2024-12-10", dueDate: "2025-01-01")])
            let expectations: [(String, Int, KeyPath<Settle_Collections_V1_AgingBuckets, Int64>)] = [
                ("2025-01-01", 0, \.currentCents),
                ("2025-01-02", 1, \.days130Cents),
                ("2025-01-31", 30, \.days130Cents),
                ("2025-02-01", 31, \.days3160Cents),
                ("2025-03-02", 60, \.days3160Cents),
                ("2025-03-03", 61, \.days6190Cents),
                ("2025-04-01", 90, \.days6190Cents),
                ("2025-04-02", 91, \.days91120Cents),
                ("2025-05-01", 120, \.days91120Cents),
                ("2025-05-02", 121, \.over120Cents),
            ]
            for (date, days, bucket) in expectations {
                let report = try await host.aging(asOf: date, accounts: true)
                XCTAssertEqual(report.portfolio[keyPath: bucket], 1_000, "\(days) days past due on \(date)")
                XCTAssertEqual(report.portfolio.totalCents, 1_000)
                XCTAssertTrue(report.tiesToLedger)
            }
        }
    }

    func testAgingByRateClassTiesToTheLedger() async throws {
        try await withCollectionsHost { host in
            try await host.post([
                charge("R-1", account: "100001", cents: 10_000, billDate: "2025-01-01", dueDate: "2025-01-21"),
                charge("R-2", account: "100001", cents: 11_000, billDate: "2025-02-01", dueDate: "2025-02-21"),
                charge("C-1", account: "200001", agreement: 7, cents: 50_000, billDate: "2025-02-01", dueDate: "2025-02-21", rateClass: "small_commercial"),
                charge("X-1", account: "300001", agreement: 8, cents: 1_000, billDate: "2025-02-01", dueDate: "2025-02-21", rateClass: "lighting"),
            ])
            try await host.pay("100001", 4_000, on: "2025-02-10")
            try await host.pay("300001", 5_000, on: "2025-02-10")  // overpaid: credit 40.00
            let report = try await host.aging(asOf: "2025-03-01", accounts: true)
            // 100001: R-1 has 60.00 open, 39 days past due; R-2 110.00, 8 days.
            XCTAssertEqual(report.byRateClass["residential"]?.days3160Cents, 6_000)
            XCTAssertEqual(report.byRateClass["residential"]?.days130Cents, 11_000)
            XCTAssertEqual(report.byRateClass["small_commercial"]?.days130Cents, 50_000)
            XCTAssertEqual(report.byRateClass["lighting"]?.creditCents, -4_000)
            XCTAssertEqual(report.byRateClass["lighting"]?.totalCents, -4_000)
            XCTAssertEqual(report.portfolio.totalCents, 6_000 + 11_000 + 50_000 - 4_000)
            XCTAssertEqual(report.ledgerTotalCents, report.portfolio.totalCents)
            XCTAssertTrue(report.tiesToLedger)
            XCTAssertEqual(report.portfolio.accounts, 3)
            XCTAssertEqual(report.accounts.map(\.accountNumber), ["100001", "200001", "300001"])
            XCTAssertEqual(report.accounts.map(\.buckets.totalCents), [17_000, 50_000, -4_000])
            let sumOfClasses = report.byRateClass.values.map(\.totalCents).reduce(0, +)
            XCTAssertEqual(sumOfClasses, report.portfolio.totalCents)
        }
    }

    func testALateFeeIsChargedOncePerBill() async throws {
        try await withCollectionsHost { host in
            try await host.post([
                charge("B-1", account: "100001", agreement: 1, cents: 10_000, billDate: "2025-01-01", dueDate: "2025-01-21"),
                charge("B-1", account: "100001", agreement: 2, cents: 2_345, billDate: "2025-01-01", dueDate: "2025-01-21"),
                charge("B-2", account: "100002", agreement: 3, cents: 5_000, billDate: "2025-01-01", dueDate: "2025-01-21"),
            ])
            try await host.pay("100002", 5_000, on: "2025-01-20")
            // On the due date nothing is late yet.
            let onDue = try await host.assessLateFees("2025-01-21")
            XCTAssertEqual(onDue.fees, 0)
            // 5 % of 123.45 = 6.1725 → 6.17; the paid bill gets none.
            let late = try await host.assessLateFees("2025-01-22")
            XCTAssertEqual(late.fees, 1)
            XCTAssertEqual(late.feeCents, 617)
            XCTAssertEqual(late.entries.first?.billID, "B-1")
            XCTAssertEqual(late.entries.first?.kind, "late_fee")
            // A later run, still unpaid, charges nothing more for the same bill.
            let again = try await host.assessLateFees("2025-02-05")
            XCTAssertEqual(again.fees, 0)
            XCTAssertEqual(again.alreadyCharged, 1)
            let ledger = try await host.ledger("100001", asOf: "2025-02-05")
            XCTAssertEqual(ledger.balanceCents, 12_962)

            // A flat fee policy charges the flat amount on the next late bill.
            try await host.setPolicy { policy in
                policy.lateFeeBasisPoints = 0
                policy.lateFeeFlatCents = 1_000
            }
            try await host.post([charge("B-3", account: "100002", agreement: 3, cents: 3_000, billDate: "2025-02-01", dueDate: "2025-02-21")])
            let flat = try await host.assessLateFees("2025-02-22")
            XCTAssertEqual(flat.fees, 1)
            XCTAssertEqual(flat.feeCents, 1_000)
            XCTAssertEqual(flat.alreadyCharged, 1)
        }
    }

    func testAPolicyWithBothAPercentAndAFlatFeeIsRefused() async throws {
        try await withCollectionsHost { host in
            await assertRPCError(.invalidArgument, containing: "late_fee_flat_cents") {
                try await host.setPolicy { policy in
                    policy.lateFeeBasisPoints = 500
                    policy.lateFeeFlatCents = 1_000
                }
            }
            await assertRPCError(.invalidArgument, containing: "disconnect_notice_days") {
                try await host.setPolicy { $0.disconnectNoticeDays = 9 }
            }
            await assertRPCError(.invalidArgument, containing: "cold_limit_f") {
                try await host.setPolicy { $0.coldLimitF = 0 }
            }
            await assertRPCError(.invalidArgument, containing: "holidays[0]") {
                try await host.setPolicy { $0.holidays = ["July 4"] }
            }
        }
    }
}
