import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

/// Rule 3: an arrangement is installments on agreed dates; only what is paid toward it after it
/// was made counts (payments first cover the new bills due since), and it overlays the debt.
///
/// Arrears: B-1, 300.00 due 2025-03-01. Arrangement made 2025-03-05: 100.00 on each of
/// 2025-03-10, 2025-04-10 and 2025-05-10. A new bill B-2, 80.00, is due 2025-04-05.
final class ArrangementInstallmentTests: XCTestCase {
    func setUp(_ host: CollectionsHost, account: String, agreement: UInt64) async throws -> Settle_Collections_V1_Arrangement {
        try await host.post([charge("B-1-\(account)", account: account, agreement: agreement, cents: 30_000, billDate: "2025-02-10", dueDate: "2025-03-01")])
        let arrangement = try await host.arrange(account, start: "2025-03-05", [("2025-03-10", 10_000), ("2025-04-10", 10_000), ("2025-05-10", 10_000)])
        XCTAssertEqual(arrangement.totalCents, 30_000)
        XCTAssertEqual(arrangement.schedule.map(\.cumulativeCents), [10_000, 20_000, 30_000])
        try await host.post([charge("B-2-\(account)", account: account, agreement: agreement, cents: 8_000, billDate: "2025-03-20", dueDate: "2025-04-05")])
        try await host.pay(account, 10_000, on: "2025-03-10")
        return arrangement
    }

    func testKeptWhenTheNewBillIsPaidBesideTheInstallments() async throws {
        try await withCollectionsHost { host in
            let arrangement = try await setUp(host, account: "100001", agreement: 1)
            try await host.pay("100001", 8_000, on: "2025-04-05")
            try await host.pay("100001", 10_000, on: "2025-04-10")
            let kept = try await host.arrangement(arrangement.id, asOf: "2025-04-11")
            XCTAssertEqual(kept.status, "active")
            XCTAssertEqual(kept.paidCents, 28_000)
            XCTAssertEqual(kept.newBillsCents, 8_000)
            XCTAssertEqual(kept.paidTowardCents, 20_000)
            XCTAssertEqual(kept.schedule.map(\.kept), [true, true, false])
            // An overlay: the ledger is untouched, payments still pay oldest first, and B-1's
            // remaining 20.00 ages from 2025-03-01 (41 days: 31–60), B-2's 80.00 from 2025-04-05.
            let buckets = try await host.aging(asOf: "2025-04-11").portfolio
            XCTAssertEqual(buckets.days3160Cents, 2_000)
            XCTAssertEqual(buckets.days130Cents, 8_000)
            try await host.pay("100001", 10_000, on: "2025-05-10")
            let awaited9 = try await host.arrangement(arrangement.id, asOf: "2025-05-11").status
            XCTAssertEqual(awaited9, "completed")
        }
    }

    func testBrokenWhenPaymentsOnlyCoverTheNewBill() async throws {
        try await withCollectionsHost { host in
            let arrangement = try await setUp(host, account: "100002", agreement: 2)
            // 100.00 paid on 2025-04-10, but 80.00 of it covers B-2: only 20.00 goes toward it.
            try await host.pay("100002", 10_000, on: "2025-04-10")
            let onTheDay = try await host.arrangement(arrangement.id, asOf: "2025-04-10")
            XCTAssertEqual(onTheDay.status, "active")
            let broken = try await host.arrangement(arrangement.id, asOf: "2025-04-11")
            XCTAssertEqual(broken.status, "broken")
            XCTAssertEqual(broken.brokenOn, "2025-04-11")
            XCTAssertEqual(broken.schedule[1].paidTowardCents, 12_000)
            XCTAssertEqual(broken.schedule.map(\.kept), [true, false, false])
        }
    }

    func testAnExplicitScheduleIsCheckedNamingTheField() async throws {
        try await withCollectionsHost { host in
            try await host.post([charge("B-1", account: "100001", cents: 30_000, billDate: "2025-02-10", dueDate: "2025-03-01")])
            await assertRPCError(.invalidArgument, containing: "schedule[1].due_date") {
                try await host.arrange("100001", start: "2025-03-05", [("2025-03-10", 10_000), ("2025-03-10", 10_000)])
            }
            await assertRPCError(.invalidArgument, containing: "schedule[0].amount_cents") {
                try await host.arrange("100001", start: "2025-03-05", [("2025-03-10", 0)])
            }
            await assertRPCError(.invalidArgument, containing: "schedule[0].due_date") {
                try await host.arrange("100001", start: "2025-03-05", [("2025-03-04", 10_000)])
            }
        }
    }
}
