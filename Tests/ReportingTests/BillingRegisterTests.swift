import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

/// The billing register reconciled to the ledger, over the socket with every real module.
///
/// Cycle 5 reads on 2024-03-07, 2024-04-05 and 2024-05-07. RES-1 is 10.00 a month (× days /
/// 30) + 0.10 / kWh + 5 % sales tax. May's period 04-05 → 05-07 is 32 days: the customer
/// charge is 10.00 × 32/30 = 10.67 (1,066.67 rounded half-up).
final class BillingRegisterTests: XCTestCase {
    /// A move-out's final bill is filed under the period after the agreement's last bill, a
    /// period the service no longer reaches: the register counts it billed, says why, and
    /// reports no problem (Accounts does not list the agreement in service in May).
    func testAFinalBillFiledAfterServiceEndedIsBilledAndNotAProblem() async throws {
        try await withReportingHost { host in
            let (a, b) = try await host.adaAndBlaise()
            try await host.runVee("2024-04")
            try await host.runBilling("2024-04", billDate: "2024-04-08")
            try await host.moveOut(a.account, on: "2024-04-25")
            try await host.importReads("""
                meter,read_at,value,kind
                EA,2024-04-25,1800,final
                EB,2024-05-07,5910,actual
                """)
            let finalBill = try await host.billFinal(a.agreement, billDate: "2024-04-29").bill
            XCTAssertEqual(finalBill.period, "2024-05")
            try await host.runVee("2024-05")
            try await host.runBilling("2024-05", billDate: "2024-05-08")

            let pages = try await host.register(cycle: 5, period: "2024-05")
            let rows = Dictionary(uniqueKeysWithValues: pages.flatMap(\.rows).map { ($0.agreementID, $0) })
            XCTAssertEqual(rows[a.agreement]?.status, "billed")
            XCTAssertEqual(rows[a.agreement]?.billID, billID("2024-05", a.agreement))
            XCTAssertEqual(rows[a.agreement]?.reason, "final bill: service ended 2024-04-25")
            XCTAssertEqual(rows[a.agreement]?.accountNumber, a.account)
            XCTAssertEqual(rows[a.agreement]?.serviceType, "electric")
            // 04-05 → 04-25: 20 days, 200 kWh: 10.00 × 20/30 = 6.67 + 20.00 = 26.67; tax 1.33 (1.3335).
            XCTAssertEqual(rows[a.agreement]?.billCents, 2_800)
            XCTAssertEqual(rows[a.agreement]?.ledgerCents, 2_800)
            XCTAssertEqual(rows[b.agreement]?.status, "billed")
            let summary = try XCTUnwrap(pages.last?.summary)
            XCTAssertEqual(summary.problems, [])
            XCTAssertEqual(summary.agreements, 2)
            XCTAssertEqual(summary.billed, 2)
            XCTAssertTrue(summary.countsTie)
            XCTAssertTrue(summary.tiesToLedger)
        }
    }

    func testRegisterTiesEveryCountAndCentToTheLedgerAndListsAPlantedDifference() async throws {
        try await withReportingHost { host in
            try await host.residentialTariff()
            let a = try await host.moveIn(name: "Ada Lovelace", premise: "PA", meter: "EA", date: "2024-02-01", installRead: 1_000)
            let b = try await host.moveIn(name: "Blaise Pascal", premise: "PB", meter: "EB", date: "2024-02-01", installRead: 5_000)
            let c = try await host.moveIn(name: "Carl Gauss", premise: "PC", meter: "EC", date: "2024-02-01", installRead: 10_000)
            // D's rate schedule is one Rating has no tariff for: the run skips it, with why.
            let d = try await host.moveIn(name: "Dora Noether", premise: "PD", meter: "ED", date: "2024-02-01", installRead: 20_000, rateSchedule: "GONE-1")
            try await host.importReads("""
                meter,read_at,value,kind
                EA,2024-03-07,1300,actual
                EB,2024-03-07,5300,actual
                EC,2024-03-07,10300,actual
                ED,2024-03-07,20300,actual
                EA,2024-04-05,1600,actual
                EB,2024-04-05,5600,actual
                EC,2024-04-05,10600,actual
                ED,2024-04-05,20600,actual
                EA,2024-05-07,1900,actual
                EB,2024-05-07,5910,actual
                EC,2024-05-07,13600,actual
                ED,2024-05-07,20900,actual
                """)
            try await host.runVee("2024-04")
            try await host.runBilling("2024-04", billDate: "2024-04-08")
            // May: C's 3,000 kWh is high against its history: VEE blocks it, the bill is held.
            try await host.runVee("2024-05")
            let may = try await host.runBilling("2024-05", billDate: "2024-05-08")
            XCTAssertEqual(may.billed, 2)
            XCTAssertEqual(may.held, 1)
            XCTAssertEqual(may.skipped, 1)
            // E moves in after May's run: in service in May, not billed yet.
            let e = try await host.moveIn(name: "Emmy Hilbert", premise: "PE", meter: nil, date: "2024-05-20")

            // B's posting is sent again, as a run does when Collections' answer was lost:
            // the ledger already has it and posts nothing twice.
            let bBill = try await host.bill(billID("2024-05", b.agreement))
            XCTAssertTrue(bBill.posted)
            var resend = Settle_Collections_V1_PostBillChargesRequest()
            resend.idempotencyKey = freshKey("resent-posting")
            var charge = Settle_Collections_V1_BillCharge()
            charge.billID = bBill.id
            charge.accountNumber = bBill.accountNumber
            charge.agreementID = bBill.agreementID
            charge.serviceType = bBill.serviceType
            charge.rateClass = bBill.rateClass
            charge.period = bBill.period
            charge.billDate = bBill.billDate
            charge.dueDate = bBill.dueDate
            charge.amountCents = bBill.rated.totalCents
            charge.taxCents = bBill.rated.taxCents
            charge.serviceStartDate = bBill.input.periodStart
            charge.serviceEndDate = bBill.input.periodEnd
            resend.charges = [charge]
            let resent = try await host.collections.postBillCharges(resend)
            XCTAssertEqual(resent.posted, 0)
            XCTAssertEqual(resent.alreadyPosted, 1)

            // Pages of two rows, then the summary on the last page.
            let pages = try await host.register(cycle: 5, period: "2024-05", pageSize: 2)
            XCTAssertEqual(pages.map(\.rows.count), [2, 2, 1])
            XCTAssertEqual(pages.map(\.last), [false, false, true])
            let rows = Dictionary(uniqueKeysWithValues: pages.flatMap(\.rows).map { ($0.agreementID, $0) })
            XCTAssertEqual(rows[a.agreement]?.status, "billed")
            XCTAssertEqual(rows[a.agreement]?.billID, billID("2024-05", a.agreement))
            // A: 10.67 + 300 kWh × 0.10 = 40.67; tax 5 % = 2.03 (2.0335); 42.70.
            XCTAssertEqual(rows[a.agreement]?.billCents, 4_270)
            XCTAssertEqual(rows[a.agreement]?.ledgerCents, 4_270)
            // B: 10.67 + 31.00 = 41.67; tax 2.08 (2.0835); 43.75 — in the ledger once.
            XCTAssertEqual(rows[b.agreement]?.status, "billed")
            XCTAssertEqual(rows[b.agreement]?.billCents, 4_375)
            XCTAssertEqual(rows[b.agreement]?.ledgerCents, 4_375)
            // C: 10.67 + 300.00 = 310.67; tax 15.53 (15.5335); 326.20, held and not posted.
            XCTAssertEqual(rows[c.agreement]?.status, "held")
            XCTAssertEqual(rows[c.agreement]?.billCents, 32_620)
            XCTAssertEqual(rows[c.agreement]?.ledgerCents, 0)
            XCTAssertTrue(rows[c.agreement]?.reason.hasPrefix("VEE: high_use") ?? false, rows[c.agreement]?.reason ?? "")
            XCTAssertEqual(rows[d.agreement]?.status, "skipped")
            XCTAssertEqual(rows[d.agreement]?.reason, "no tariff with code 'GONE-1'")
            XCTAssertEqual(rows[e.agreement]?.status, "not_billed")
            XCTAssertEqual(rows[e.agreement]?.billID, "")

            let summary = try XCTUnwrap(pages.last?.summary)
            XCTAssertEqual(summary.agreements, 5)
            XCTAssertEqual(summary.accounts, 5)
            XCTAssertEqual([summary.billed, summary.held, summary.skipped, summary.cancelled, summary.notBilled], [2, 1, 1, 0, 1])
            XCTAssertTrue(summary.countsTie)
            XCTAssertEqual(summary.components.map(\.component), ["customer", "energy", "tax"])
            XCTAssertEqual(summary.components.map(\.amountCents), [2_134, 6_100, 411])
            XCTAssertEqual(summary.registerCents, 8_645)
            XCTAssertEqual(summary.registerTaxCents, 411)
            XCTAssertEqual(summary.ledgerCents, 8_645)
            XCTAssertEqual(summary.ledgerTaxCents, 411)
            XCTAssertEqual(summary.heldCents, 32_620)
            XCTAssertEqual(summary.differences, [])
            XCTAssertTrue(summary.tiesToLedger)
            XCTAssertEqual([summary.ratingBilled, summary.ratingHeld, summary.ratingSkipped], [2, 1, 1])
            XCTAssertEqual(summary.problems, [])

            // A difference planted behind Rating's back: A's charge reversed in Collections
            // while Rating still has the bill issued.
            var reverse = Settle_Collections_V1_ReverseBillChargesRequest()
            reverse.idempotencyKey = freshKey("planted")
            reverse.billID = billID("2024-05", a.agreement)
            reverse.entryDate = "2024-05-09"
            _ = try await host.collections.reverseBillCharges(reverse)
            let plantedPages = try await host.register(cycle: 5, period: "2024-05")
            let planted = try XCTUnwrap(plantedPages.last?.summary)
            XCTAssertTrue(planted.countsTie)
            XCTAssertFalse(planted.tiesToLedger)
            XCTAssertEqual(planted.registerCents, 8_645)
            XCTAssertEqual(planted.ledgerCents, 4_375)
            XCTAssertEqual(planted.ledgerTaxCents, 208)
            XCTAssertEqual(planted.differences.count, 1)
            let difference = try XCTUnwrap(planted.differences.first)
            XCTAssertEqual(difference.billID, billID("2024-05", a.agreement))
            XCTAssertEqual(difference.accountNumber, a.account)
            XCTAssertEqual(difference.expectedCents, 4_270)
            XCTAssertEqual(difference.ledgerCents, 0)
            XCTAssertEqual(difference.differenceCents, -4_270)
            XCTAssertEqual(difference.explanation, "issued but its charge was reversed in Collections")

            // The command line: every format streams the same rows; a register that does not
            // tie exits 1; the CSV parses back to the JSON's numbers.
            let socket = host.directory + "/s.sock", arguments = ["report", "register", "--cycle", "5", "--period", "2024-05"]
            let json = try await SettleCLI.run(arguments + ["--json"], socket: socket)
            XCTAssertEqual(json.status, 1, json.stderr)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let jsonRows = try XCTUnwrap(object["rows"] as? [[String: Any]])
            let jsonSummary = try XCTUnwrap(object["summary"] as? [String: Any])
            XCTAssertEqual((jsonSummary["ledger_cents"] as? NSNumber)?.int64Value, 4_375)
            XCTAssertEqual((jsonSummary["differences"] as? [[String: Any]])?.first?["bill_id"] as? String, billID("2024-05", a.agreement))
            let csv = try await SettleCLI.run(arguments + ["--csv"], socket: socket)
            XCTAssertEqual(csv.status, 1)
            XCTAssertTrue(csv.stderr.contains("DOES NOT TIE to the ledger"), csv.stderr)
            let csvRows = CSV.rows(csv.stdout)
            XCTAssertEqual(csvRows.first, ["cycle", "agreement_id", "account_number", "service_type", "rate_class", "status", "bill_id", "reason", "bill_cents", "ledger_cents"])
            XCTAssertEqual(csvRows.count - 1, jsonRows.count)
            XCTAssertEqual(jsonRows.count, 5)
            for (row, object) in zip(csvRows.dropFirst(), jsonRows) {
                XCTAssertEqual(row[1], (object["agreement_id"] as? NSNumber)?.stringValue ?? (object["agreement_id"] as? String))
                XCTAssertEqual(row[5], object["status"] as? String)
                XCTAssertEqual(Int64(row[8]), (object["bill_cents"] as? NSNumber)?.int64Value ?? 0)
                XCTAssertEqual(Int64(row[9]), (object["ledger_cents"] as? NSNumber)?.int64Value ?? 0)
            }
            let html = try await SettleCLI.run(arguments + ["--html"], socket: socket)
            XCTAssertTrue(html.stdout.hasPrefix("<!DOCTYPE html>"))
            XCTAssertEqual(html.stdout.components(separatedBy: "<tr><td>5</td>").count - 1, 5, "a table row per agreement")
            XCTAssertTrue(html.stdout.contains("DOES NOT TIE."))
            XCTAssertFalse(html.stdout.contains("<script"))
            let table = try await SettleCLI.run(arguments, socket: socket)
            XCTAssertTrue(table.stdout.contains("difference: bill \(billID("2024-05", a.agreement)) (account \(a.account), issued) expected $42.70, ledger $0.00"), table.stdout)
        }
    }

    func testBadRequestsNameTheField() async throws {
        try await withReportingHost { host in
            let period = await assertRPCError(.invalidArgument) { try await host.register(cycle: 5, period: "May") }
            XCTAssertEqual(period?.message, "period: 'May' is not a period YYYY-MM")
            let cycle = await assertRPCError(.invalidArgument) { try await host.register(cycle: 21, period: "2024-05") }
            XCTAssertTrue(cycle?.message.hasPrefix("cycle: 21") ?? false, cycle?.message ?? "")
            let page = await assertRPCError(.invalidArgument) { try await host.register(cycle: 5, period: "2024-05", pageSize: 10_001) }
            XCTAssertTrue(page?.message.hasPrefix("page_size:") ?? false, page?.message ?? "")
            var ids = Settle_Collections_V1_ListBillChargesRequest()
            ids.billIds = (0...5_000).map { "B-\($0)" }
            let tooMany = await assertRPCError(.invalidArgument) { try await host.collections.listBillCharges(ids) }
            XCTAssertEqual(tooMany?.message, "bill_ids: 5001 bills; at most 5000 a call")
        }
    }
}
