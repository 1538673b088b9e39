import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

/// Move-out → final read → final bill → Accounts' CompleteFinalBill → the charge in
/// Collections, over the socket with the real Accounts, Metering, Collections and Rating.
/// Cycle 5 reads on 2024-03-07, 2024-04-05 and 2024-05-07. RES-1 is 10.00 a month
/// (prorated by days / 30) + 0.10 / kWh.
final class FinalBillLifecycleTests: XCTestCase {
    func testMoveOutFinalReadFinalBillOnDemandAndInTheCycleRun() async throws {
        try await withLifecycleHost { host in
            try await host.residentialTariff()
            // A and B move in on 2024-03-15 (their first period starts at the install read).
            let a = try await host.moveIn(name: "Ada Lovelace", premise: "PA", meter: "EA", date: "2024-03-15", installRead: 1_000)
            let b = try await host.moveIn(name: "Blaise Pascal", premise: "PB", meter: "EB", date: "2024-03-15", installRead: 5_000)
            try await host.importReads("""
                meter,read_at,value,kind
                EA,2024-04-05,1300,actual
                EB,2024-04-05,5310,actual
                """)
            let aprilVee = try await host.runVee("2024-04")
            XCTAssertEqual(aprilVee.exceptions, 0, "\(aprilVee.byType)")
            let april = try await host.runBilling("2024-04", billDate: "2024-04-08")
            XCTAssertEqual(april.billed, 2)
            XCTAssertEqual(april.finalBills, 0)
            XCTAssertEqual(april.billDate, "2024-04-08")
            XCTAssertEqual(april.dueDate, "2024-04-29")

            // A moves out on 2024-04-25; the final read is taken that day.
            try await host.moveOut(a.account, on: "2024-04-25")
            let pending = try await host.agreement(a.agreement)
            XCTAssertEqual(pending.status, "pending_final")
            // Before the final read there is nothing to bill to: refused, nothing stored.
            let early = await assertRPCError(.failedPrecondition) { try await host.billFinal(a.agreement, billDate: "2024-04-29") }
            XCTAssertTrue(early?.message.contains("final bill") ?? false, early?.message ?? "")
            try await host.importReads("""
                meter,read_at,value,kind
                EA,2024-04-25,1500,final
                """)

            // On demand: 04-05 → 04-25 is 20 days and 200 kWh: 20.00 + 10.00 × 20/30 = 26.67.
            let final = try await host.billFinal(a.agreement, billDate: "2024-04-29")
            XCTAssertFalse(final.alreadyBilled)
            XCTAssertTrue(final.bill.finalBill)
            XCTAssertEqual(final.bill.id, "B-2024-05-C05-\(String(format: "%07d", a.agreement))")
            XCTAssertEqual(final.bill.input.periodStart, "2024-04-05")
            XCTAssertEqual(final.bill.input.periodEnd, "2024-04-25")
            XCTAssertEqual(final.bill.input.deliveredWh, 200_000)
            XCTAssertEqual(final.bill.rated.totalCents, 2_667)
            XCTAssertEqual(final.bill.dueDate, "2024-05-20")
            XCTAssertEqual(final.agreementStatus, "final")
            XCTAssertEqual(final.posted, 1)
            let recorded = try await host.agreement(a.agreement)
            XCTAssertEqual(recorded.status, "final", "CompleteFinalBill was called")
            XCTAssertEqual(recorded.finalBilledDate, "2024-04-29")
            var ledger = try await host.ledger(a.account)
            XCTAssertEqual(ledger.entries.filter { $0.kind == "charge" }.map(\.billID), ["B-2024-04-C05-\(String(format: "%07d", a.agreement))", final.bill.id])
            XCTAssertEqual(ledger.entries.filter { $0.kind == "charge" }.map(\.amountCents), [3_700, 2_667])
            XCTAssertEqual(ledger.balanceCents, 6_367)

            // Twice bills once: a second call (another key) finds the bill, posts nothing.
            let again = try await host.billFinal(a.agreement, billDate: "2024-04-30")
            XCTAssertTrue(again.alreadyBilled)
            XCTAssertEqual(again.bill.id, final.bill.id)
            XCTAssertEqual(again.bill.rated.totalCents, 2_667)
            XCTAssertEqual(again.posted, 0)
            XCTAssertEqual(again.alreadyPosted, 1)
            ledger = try await host.ledger(a.account)
            XCTAssertEqual(ledger.entries.filter { $0.kind == "charge" }.count, 2)
            XCTAssertEqual(ledger.balanceCents, 6_367)
            // A third call under a fixed key: still the one bill.
            let retried = try await host.billFinal(a.agreement, billDate: "2024-04-29", key: "final-a")
            XCTAssertEqual(retried.bill.id, final.bill.id)

            // B moves out on 2024-05-06, just before May's read date: the cycle's run issues its
            // final bill (04-05 → 05-06, 31 days, 300 kWh: 30.00 + 10.33 = 40.33) and tells
            // Accounts; A's May period is the final bill already issued: not billed again.
            try await host.moveOut(b.account, on: "2024-05-06")
            try await host.importReads("""
                meter,read_at,value,kind
                EB,2024-05-06,5610,final
                """)
            try await host.runVee("2024-05")
            let may = try await host.runBilling("2024-05", billDate: "2024-05-08")
            XCTAssertEqual(may.billed, 1)
            XCTAssertEqual(may.alreadyBilled, 1, "A's final bill is its May bill")
            XCTAssertEqual(may.finalBills, 1)
            let bAgreement = try await host.agreement(b.agreement)
            XCTAssertEqual(bAgreement.status, "final")
            let bLedger = try await host.ledger(b.account)
            XCTAssertEqual(bLedger.entries.filter { $0.kind == "charge" }.map(\.amountCents), [3_800, 4_033])
            let bFinal = try await host.bill("B-2024-05-C05-\(String(format: "%07d", b.agreement))")
            XCTAssertTrue(bFinal.finalBill)
            XCTAssertTrue(bFinal.posted)
            // bill final for B afterwards: already billed by the run.
            let bAgain = try await host.billFinal(b.agreement, billDate: "2024-05-09")
            XCTAssertTrue(bAgain.alreadyBilled)
            XCTAssertEqual(bAgain.bill.id, bFinal.id)
            let bAfter = try await host.ledger(b.account)
            XCTAssertEqual(bAfter.entries.filter { $0.kind == "charge" }.count, 2)
            // A rerun of the cycle bills nothing twice.
            let rerun = try await host.runBilling("2024-05", billDate: "2024-05-08")
            XCTAssertEqual(rerun.billed, 0)
            XCTAssertEqual(rerun.alreadyBilled, 2)
            XCTAssertEqual(rerun.finalBills, 0)
        }
    }

    /// A held bill whose read VEE then refuses as a rollover cannot be released: releasing
    /// would bill the wrapped value.
    func testReleasingABillOnARefusedRolloverIsRefused() async throws {
        try await withLifecycleHost { host in
            try await host.residentialTariff()
            let c = try await host.moveIn(name: "Carl Gauss", premise: "PC", meter: "EC", date: "2024-02-01", installRead: 10_000)
            // 300 kWh from March to April, then 3,000 in May: high against the average.
            try await host.importReads("""
                meter,read_at,value,kind
                EC,2024-03-07,10300,actual
                EC,2024-04-05,10600,actual
                EC,2024-05-07,13600,actual
                """)
            try await host.runVee("2024-04")
            _ = try await host.runBilling("2024-04", billDate: "2024-04-08")
            let mayVee = try await host.runVee("2024-05")
            XCTAssertEqual(mayVee.byType, ["high_use": 1])
            _ = try await host.runBilling("2024-05", billDate: "2024-05-08")
            let held = try await host.bill("B-2024-05-C05-\(String(format: "%07d", c.agreement))")
            XCTAssertEqual(held.status, "held")
            XCTAssertTrue(held.holdReasons.first?.hasPrefix("VEE: high_use (average)") ?? false, "\(held.holdReasons)")

            // The read is "corrected" to 10,500 — below April's 10,600 — and VEE run again:
            // as a rollover that is 99,900 kWh, refused.
            var list = Settle_Metering_V1_ListVeeExceptionsRequest()
            list.cycle = 5
            list.period = "2024-05"
            let listed = try await host.metering.listVeeExceptions(list).collect().flatMap(\.exceptions)
            let high = try XCTUnwrap(listed.first)
            XCTAssertEqual(high.basis, "average")
            try await host.resolveVee(high.id, "edit", reason: "route sheet says 10500", correctedValue: 10_500)
            let rerun = try await host.runVee("2024-05")
            XCTAssertEqual(rerun.byType, ["negative_consumption": 1])

            var release = Settle_Rating_V1_BillActionRequest()
            release.idempotencyKey = freshKey("release")
            release.billID = held.id
            release.reason = "reviewed"
            let refused = await assertRPCError(.failedPrecondition) { try await host.rating.releaseBill(release) }
            XCTAssertTrue(refused?.message.contains("VEE refused the fall as a rollover") ?? false, refused?.message ?? "")
            let stillHeld = try await host.bill(held.id)
            XCTAssertEqual(stillHeld.status, "held")
            let cLedger = try await host.ledger(c.account)
            XCTAssertEqual(cLedger.entries.filter { $0.kind == "charge" }.map(\.amountCents), [3_967], "only April's 300 kWh: 30.00 + 10.00 × 29/30 = 39.67")
        }
    }
}
