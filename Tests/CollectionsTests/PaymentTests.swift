import Foundation
@testable import SettleCollections
import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// Payments: oldest-first application, overpayment credit, NSF returns and file imports.
final class PaymentTests: XCTestCase {
    func testAPaymentPaysTheOldestOpenItemsFirstAcrossManyBills() async throws {
        try await withCollectionsHost { host in
            // Twelve monthly bills of 100.01 … 100.12, posted out of order.
            var charges: [Settle_Collections_V1_BillCharge] = []
            for month in [5, 1, 12, 3, 2, 4, 6, 7, 9, 8, 10, 11] {
                let mm = month < 10 ? "0\(month)" : "\(month)"
                charges.append(charge("B-\(mm)", account: "100001", cents: 10_000 + Int64(month), billDate: "2024-\(mm)-01", dueDate: "2024-\(mm)-21"))
            }
            try await host.post(charges)
            // 100.01 + 100.02 + 100.03 + 50.00 of the fourth bill.
            let paid = try await host.pay("100001", 35_006, on: "2024-12-28", reference: "CHK-1")
            XCTAssertEqual(paid.applied.map(\.billID), ["B-01", "B-02", "B-03", "B-04"])
            XCTAssertEqual(paid.applied.map(\.appliedCents), [10_001, 10_002, 10_003, 5_000])
            XCTAssertEqual(paid.creditCents, 0)
            XCTAssertEqual(paid.balanceCents, 120_078 - 35_006)

            let ledger = try await host.ledger("100001", asOf: "2024-12-31")
            XCTAssertEqual(ledger.openItems.first?.billID, "B-04")
            XCTAssertEqual(ledger.openItems.first?.openCents, 5_004)
            XCTAssertEqual(ledger.openItems.count, 9)
            XCTAssertEqual(ledger.balanceCents, 85_072)
            // Bill 12 is due 2024-12-21, so everything open is past due on the 31st.
            XCTAssertEqual(ledger.pastDueCents, 85_072)
            XCTAssertEqual(ledger.openItems.map(\.openCents).reduce(0, +) + ledger.creditCents, ledger.balanceCents)
        }
    }

    func testAnOverpaymentLeavesACreditThatPaysTheNextCharges() async throws {
        try await withCollectionsHost { host in
            try await host.post([charge("B-1", account: "100001", cents: 8_000, billDate: "2025-01-01", dueDate: "2025-01-21")])
            let paid = try await host.pay("100001", 20_000, on: "2025-01-10")
            XCTAssertEqual(paid.creditCents, -12_000)
            XCTAssertEqual(paid.balanceCents, -12_000)

            try await host.post([charge("B-2", account: "100001", cents: 9_000, billDate: "2025-02-01", dueDate: "2025-02-21")])
            let february = try await host.ledger("100001", asOf: "2025-03-01")
            XCTAssertTrue(february.openItems.isEmpty)
            XCTAssertEqual(february.creditCents, -3_000)
            XCTAssertEqual(february.pastDueCents, 0)

            try await host.post([charge("B-3", account: "100001", cents: 9_000, billDate: "2025-03-01", dueDate: "2025-03-21")])
            let march = try await host.ledger("100001", asOf: "2025-03-31")
            XCTAssertEqual(march.openItems.map(\.openCents), [6_000])
            XCTAssertEqual(march.openItems.map(\.billID), ["B-3"])
            XCTAssertEqual(march.creditCents, 0)
            XCTAssertEqual(march.balanceCents, 6_000)
        }
    }

    func testAReturnedPaymentReopensWhatItPaidAndChargesTheFeeOnce() async throws {
        try await withCollectionsHost { host in
            try await host.setPolicy { $0.nsfFeeCents = 3_000 }
            try await host.post([charge("B-1", account: "100001", cents: 15_000, billDate: "2025-01-01", dueDate: "2025-01-21")])
            try await host.pay("100001", 15_000, on: "2025-01-15", reference: "ACH-77")
            let paidUp = try await host.ledger("100001", asOf: "2025-01-31")
            XCTAssertEqual(paidUp.balanceCents, 0)

            let returned = try await host.returnPayment("ACH-77", on: "2025-01-20", reason: "NSF")
            XCTAssertFalse(returned.alreadyReturned)
            XCTAssertEqual(returned.reversal.amountCents, 15_000)
            XCTAssertEqual(returned.reversal.kind, "reversal")
            XCTAssertEqual(returned.fee.amountCents, 3_000)
            XCTAssertEqual(returned.fee.kind, "nsf_fee")
            XCTAssertEqual(returned.balanceCents, 18_000)

            // A second return of the same payment (new key) changes nothing.
            let again = try await host.returnPayment("ACH-77", on: "2025-01-20", reason: "NSF")
            XCTAssertTrue(again.alreadyReturned)
            XCTAssertEqual(again.balanceCents, 18_000)

            let ledger = try await host.ledger("100001", asOf: "2025-01-31")
            // The fee is billed with the next bill: current (last) until one carries it, so
            // only the bill's 150.00 is past due.
            XCTAssertEqual(ledger.openItems.map(\.kind), ["charge", "nsf_fee"])
            XCTAssertEqual(ledger.openItems.map(\.openCents), [15_000, 3_000])
            XCTAssertEqual(ledger.pastDueCents, 15_000)
            // Before the return the payment still counts.
            let before = try await host.ledger("100001", asOf: "2025-01-19")
            XCTAssertEqual(before.balanceCents, 0)
            let check = try await host.checkLedger()
            XCTAssertTrue(check.balanced)
            XCTAssertEqual(check.byKindCents["nsf_fee"], 3_000)
        }
    }

    func testAPaymentNeedsAKeyAPositiveAmountAKnownAccountAndAFreshReference() async throws {
        try await withCollectionsHost { host in
            try await host.post([charge("B-1", account: "100001", cents: 100, billDate: "2025-01-01", dueDate: "2025-01-21")])
            await assertRPCError(.invalidArgument, containing: "idempotency_key") { try await host.pay("100001", 100, on: "2025-01-02", key: "") }
            await assertRPCError(.invalidArgument, containing: "amount_cents") { try await host.pay("100001", 0, on: "2025-01-02") }
            await assertRPCError(.notFound, containing: "unknown account 999999") { try await host.pay("999999", 100, on: "2025-01-02") }
            try await host.pay("100001", 100, on: "2025-01-02", reference: "R-1")
            await assertRPCError(.alreadyExists, containing: "R-1") { try await host.pay("100001", 100, on: "2025-01-03", reference: "R-1") }
            // A retry with the same key returns the first result.
            let first = try await host.pay("100001", 50, on: "2025-01-04", reference: "R-2", key: "same")
            let retry = try await host.pay("100001", 50, on: "2025-01-04", reference: "R-2", key: "same")
            XCTAssertEqual(first, retry)
            let ledger = try await host.ledger("100001")
            XCTAssertEqual(ledger.balanceCents, -50)
        }
    }

    func testImportingAFileValidatesEachRowAndTheSameFileTwicePostsNothingTwice() async throws {
        try await withCollectionsHost { host in
            try await host.post([
                charge("B-1", account: "100001", cents: 10_000, billDate: "2025-01-01", dueDate: "2025-01-21"),
                charge("B-2", account: "100002", cents: 20_000, billDate: "2025-01-01", dueDate: "2025-01-21"),
            ])
            let file = """
                account,amount,date,reference
                100001,100.00,2025-01-10,LB-1
                100002,"1,50.5",2025-01-10,LB-2
                100002,150.50,2025-01-10,LB-3
                999999,10.00,2025-01-10,LB-4
                100001,ten,2025-01-10,LB-5
                100001,5.00,2025-02-30,LB-6
                100001,5.00,2025-01-11,LB-3
                100001,-5.00,2025-01-11,LB-7
                100001,5.001,2025-01-11,LB-8

                100002,49.50,2025-01-12,LB-9
                """
            let first = try await host.importPayments(file)
            XCTAssertEqual(first.rows, 10)
            XCTAssertEqual(first.posted, 3)
            XCTAssertEqual(first.postedCents, 30_000)
            XCTAssertEqual(first.alreadyPosted, 0)
            XCTAssertEqual(first.rejected.map(\.line), [3, 5, 6, 7, 8, 9, 10])
            let reasons = first.rejected.map(\.reason)
            guard reasons.count == 7 else { return }
            XCTAssertTrue(reasons[0].contains("bad amount"), reasons[0])
            XCTAssertTrue(reasons[1].contains("unknown account 999999"), reasons[1])
            XCTAssertTrue(reasons[2].contains("bad amount 'ten'"), reasons[2])
            XCTAssertTrue(reasons[3].contains("bad date"), reasons[3])
            XCTAssertTrue(reasons[4].contains("duplicate reference 'LB-3'"), reasons[4])
            XCTAssertTrue(reasons[5].contains("bad amount"), reasons[5])
            XCTAssertTrue(reasons[6].contains("bad amount"), reasons[6])

            // The same file again, under a new key: nothing posts twice.
            let second = try await host.importPayments(file)
            XCTAssertEqual(second.posted, 0)
            XCTAssertEqual(second.alreadyPosted, 3)
            XCTAssertEqual(second.postedCents, 0)
            let a = try await host.ledger("100001")
            let b = try await host.ledger("100002")
            XCTAssertEqual(a.balanceCents, 0)
            XCTAssertEqual(b.balanceCents, 0)
            // A reference reused for a different payment is rejected, naming the earlier entry.
            let clash = try await host.importPayments("100002,1.00,2025-01-13,LB-1\n")
            XCTAssertEqual(clash.rejected.first?.line, 1)
            XCTAssertTrue(clash.rejected.first?.reason.contains("already posted as entry") == true)
            let audit = try await host.store().auditRecords(entity: "payment-import/lockbox.csv")
            XCTAssertEqual(audit.count, 3)
        }
    }

    func testAnImportBatchCountsLinesFromItsFirstLine() async throws {
        try await withCollectionsHost { host in
            try await host.post([charge("B-1", account: "100001", cents: 10_000, billDate: "2025-01-01", dueDate: "2025-01-21")])
            let batch = try await host.importPayments("100001,1.00,2025-01-10,X-1\n100001,x,2025-01-10,X-2\n", firstLine: 5001)
            XCTAssertEqual(batch.rejected.map(\.line), [5002])
        }
    }

    func testAnInterruptedImportResumedWithTheWholeFilePostsOnlyTheRest() async throws {
        try await withCollectionsHost { host in
            try await host.post((1...6).map { charge("B-\($0)", account: String(100_000 + $0), agreement: UInt64($0), cents: 5_000, billDate: "2025-01-01", dueDate: "2025-01-21") })
            let rows = (1...6).map { "\(100_000 + $0),50.00,2025-01-10,LB-\($0)" }
            // The first batch (lines 1–3) went through before the run was interrupted.
            let first = try await host.importPayments(rows[0..<3].joined(separator: "\n"), key: "file-0")
            XCTAssertEqual(first.posted, 3)
            // The operator re-sends the whole file under a new key: only the rest posts.
            let resumed = try await host.importPayments(rows.joined(separator: "\n"), key: "file-again")
            XCTAssertEqual(resumed.posted, 3)
            XCTAssertEqual(resumed.alreadyPosted, 3)
            XCTAssertEqual(resumed.postedCents, 15_000)
            let check = try await host.checkLedger()
            XCTAssertEqual(check.sumOfEntriesCents, 0)
            XCTAssertEqual(check.byKindCents["payment"], -30_000)
        }
    }

    func testAFileWithWindowsLineEndsImportsRowByRow() async throws {
        try await withCollectionsHost { host in
            try await host.post([charge("B-1", account: "100001", cents: 10_000, billDate: "2025-01-01", dueDate: "2025-01-21")])
            // "\r\n" is a single Swift Character: lines must still be cut at each one.
            let file = "account,amount,date,reference\r\n100001,\"1,0.00\",2025-01-10,W-1\r\n100001,40.00,2025-01-10,W-2\r\n100001,10.50,2025-01-11,W-3\r\n"
            let imported = try await host.importPayments(file)
            XCTAssertEqual(imported.rows, 3)
            XCTAssertEqual(imported.posted, 2)
            XCTAssertEqual(imported.postedCents, 5_050)
            XCTAssertEqual(imported.rejected.map(\.line), [2])
            XCTAssertEqual(imported.rejected.first?.text, "100001,\"1,0.00\",2025-01-10,W-1")
            let weather = try await host.importWeather("date,zone,forecast_low_f,heat_advisory\r\n2025-01-14,north,28,no\r\n2025-01-15,north,31,yes\r\n")
            XCTAssertEqual(weather.stored, 2)
            XCTAssertTrue(weather.rejected.isEmpty, "\(weather.rejected)")
        }
    }

    func testCSVFieldsAreCutOnCommasOutsideQuotes() {
        XCTAssertEqual(CSVFields.split("100001,12.50,2025-01-10,LB-1"), ["100001", "12.50", "2025-01-10", "LB-1"])
        XCTAssertEqual(CSVFields.split("100001,\"1,234.56\",2025-01-10,\"LB \"\"7\"\"\""), ["100001", "1,234.56", "2025-01-10", "LB \"7\""])
        XCTAssertEqual(CSVFields.split("Zoë,,é"), ["Zoë", "", "é"])
        XCTAssertEqual(CSVFields.lines("a\r\nb\nc\r\n"), ["a", "b", "c"])
        XCTAssertEqual(CSVFields.lines("a\n\nb"), ["a", "", "b"])
    }
}
