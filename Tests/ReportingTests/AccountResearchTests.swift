import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// The research summary of an account with an estimated read, a rebill, an NSF return and a
/// dispute, over the socket with every real module, and through `settle account research`.
///
/// RES-1 is 10.00 a month (× days / 30) + 0.10 / kWh + 5 % tax; 300 kWh every period.
/// April (03-07 → 04-05, 29 days, ending on an estimated read): 9.67 + 30.00 + 1.98 = 41.65,
/// cancelled and rebilled at 41.65. May (32 days, starting from the estimate, so estimated
/// too until an actual read trues it up): 10.67 + 30.00 + 2.03 = 42.70.
final class AccountResearchTests: XCTestCase {
    func testResearchShowsReadsBillsRebillNSFReturnAndDisputeInOrderWithAUsageChart() async throws {
        try await withReportingHost { host in
            try await host.residentialTariff()
            let a = try await host.moveIn(name: "Ada Lovelace", premise: "PA", meter: "EA", date: "2024-02-01", installRead: 1_000)
            try await host.importReads("""
                meter,read_at,value,kind
                EA,2024-03-07,1300,actual
                EA,2024-04-05,1600,estimated
                EA,2024-05-07,1900,actual
                """)
            try await host.billAprilAndMay()
            let april = billID("2024-04", a.agreement)
            let aprilBill = try await host.bill(april)
            XCTAssertTrue(aprilBill.estimated)
            var cancel = Settle_Rating_V1_BillActionRequest()
            cancel.idempotencyKey = freshKey("rebill")
            cancel.billID = april
            cancel.reason = "customer disputes the estimate"
            cancel.rebill = true
            let rebill = try await host.rating.cancelBill(cancel).rebill
            XCTAssertEqual(rebill.rated.totalCents, 4_165)
            try await host.postPayment(4_165, to: a.account, on: "2024-05-01", reference: "CHK-1001")
            var nsf = Settle_Collections_V1_ReturnPaymentRequest()
            nsf.idempotencyKey = freshKey("nsf")
            nsf.reference = "CHK-1001"
            nsf.returnDate = "2024-05-06"
            nsf.reason = "NSF"
            _ = try await host.collections.returnPayment(nsf)
            var dispute = Settle_Collections_V1_OpenDisputeRequest()
            dispute.idempotencyKey = freshKey("dispute")
            dispute.accountNumber = a.account
            dispute.amountCents = 4_270
            dispute.openedDate = "2024-05-12"
            dispute.description_p = "May read looks high"
            _ = try await host.collections.openDispute(dispute)

            // The cancelled bill's reversal is dated the day it was done (today), so the
            // report runs to today, over enough months to reach February 2024.
            let today = try await host.collections.getAccountLedger(.with { $0.accountNumber = a.account }).asOf
            let (year, month) = (Int(today.prefix(4))!, Int(today.dropFirst(5).prefix(2))!)
            let months = UInt32(year * 12 + month - (2024 * 12 + 2) + 1)
            try XCTSkipIf(months > 60, "the fixture's dates are more than 60 months ago")
            var request = Settle_Reporting_V1_GetAccountResearchRequest()
            request.accountNumber = a.account
            request.months = months
            request.asOf = today
            request.html = true
            let research = try await host.reporting.getAccountResearch(request)
            XCTAssertEqual(research.customerName, "Ada Lovelace")
            XCTAssertEqual(research.fromDate, "2024-02-01")
            XCTAssertEqual(research.toDate, today)

            let reads = research.events.filter { $0.kind == "read" }
            XCTAssertEqual(reads.map(\.date), ["2024-02-01", "2024-03-07", "2024-04-05", "2024-05-07"])
            XCTAssertEqual(reads.map(\.status), ["install", "actual", "estimated", "actual"])
            XCTAssertEqual(reads.map(\.quantity), ["1000", "1300", "1600", "1900"])
            let bills = research.events.filter { $0.kind == "bill" }
            XCTAssertEqual(bills.map(\.reference), [april, rebill.id, billID("2024-05", a.agreement)])
            XCTAssertEqual(bills.map(\.status), ["cancelled", "issued", "issued"])
            XCTAssertEqual(bills.map(\.amountCents), [4_165, 4_165, 4_270])
            XCTAssertTrue(bills[0].description_p.hasSuffix("replaced by \(rebill.id), estimated, cancelled: customer disputes the estimate"), bills[0].description_p)
            XCTAssertTrue(bills[1].description_p.contains("rebill of \(april)"), bills[1].description_p)
            // Each bill's lines follow it: customer, energy, tax.
            XCTAssertEqual(research.events.filter { $0.kind == "bill_line" && $0.reference == rebill.id }.map(\.amountCents), [967, 3_000, 198])

            let money = research.events.filter { ["charge", "payment", "returned_payment", "fee", "reversal"].contains($0.kind) }
            XCTAssertEqual(money.map(\.kind), ["charge", "charge", "payment", "returned_payment", "fee", "charge", "reversal"])
            XCTAssertEqual(money.map(\.amountCents), [4_165, 4_165, -4_165, 4_165, 2_500, 4_270, -4_165])
            XCTAssertEqual(money.map(\.date).dropLast(), ["2024-04-08", "2024-04-08", "2024-05-01", "2024-05-06", "2024-05-06", "2024-05-08"])
            XCTAssertEqual(money.last?.date, today, "Rating's cancel reverses the charge on the day it is done")
            let disputes = research.events.filter { $0.kind == "dispute" }
            XCTAssertEqual(disputes.map(\.date), ["2024-05-12"])
            XCTAssertEqual(disputes.map(\.amountCents), [4_270])
            XCTAssertEqual(disputes.map(\.status), ["open"])
            XCTAssertTrue(research.events.contains { $0.kind == "audit" && $0.source == "accounts" }, "the account's audit records")
            XCTAssertEqual(research.events.map(\.date), research.events.map(\.date).sorted(), "chronological")
            // 41.65 − 41.65 + 41.65 + 42.70 − 41.65 + 41.65 + 25.00 NSF fee.
            XCTAssertEqual(research.balanceCents, 10_935)

            XCTAssertEqual(research.usage.map(\.month), ["2024-04", "2024-05"])
            XCTAssertEqual(research.usage.map(\.quantity), [300, 300])
            XCTAssertEqual(research.usage.map(\.estimated), [true, true])
            let html = research.html
            XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
            XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, 1, "one chart: kWh")
            XCTAssertEqual(html.components(separatedBy: "class=\"bar this").count - 1, 2)
            XCTAssertEqual(html.components(separatedBy: "class=\"bar this est\"").count - 1, 2)
            XCTAssertEqual(html.components(separatedBy: "class=\"bar last").count - 1, 0)
            XCTAssertFalse(html.contains("<script"))
            XCTAssertFalse(html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http"), "no network reference")
            XCTAssertTrue(html.contains("@media print"))
            XCTAssertTrue(html.contains("name=\"viewport\""))

            // The command line: --csv parses back to the same events and cents as --json.
            let arguments = ["account", "research", a.account, "--months", "\(months)", "--as-of", today]
            let csv = try await SettleCLI.run(arguments + ["--csv"], socket: host.directory + "/s.sock")
            XCTAssertEqual(csv.status, 0, csv.stderr)
            let json = try await SettleCLI.run(arguments + ["--json"], socket: host.directory + "/s.sock")
            XCTAssertEqual(json.status, 0, json.stderr)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let jsonEvents = try XCTUnwrap(object["events"] as? [[String: Any]])
            let rows = CSV.rows(csv.stdout)
            XCTAssertEqual(rows.first, ["date", "kind", "source", "reference", "description", "quantity", "status", "amount_cents"])
            XCTAssertEqual(rows.count - 1, jsonEvents.count)
            XCTAssertEqual(rows.count - 1, research.events.count)
            for (row, event) in zip(rows.dropFirst(), jsonEvents) {
                XCTAssertEqual(row[0], event["date"] as? String)
                XCTAssertEqual(row[1], event["kind"] as? String)
                XCTAssertEqual(row[4], event["description"] as? String ?? "")
                XCTAssertEqual(Int64(row[7]), (event["amount_cents"] as? NSNumber)?.int64Value ?? 0)
            }
            XCTAssertEqual(rows.dropFirst().compactMap { Int64($0[7]) }.reduce(0, +), research.events.map(\.amountCents).reduce(0, +))
            let page = try await SettleCLI.run(arguments + ["--html"], socket: host.directory + "/s.sock")
            XCTAssertEqual(page.stdout.trimmingCharacters(in: .newlines), html)
        }
    }

    func testAnUnknownAccountIsNotFoundAndBadMonthsNameTheField() async throws {
        try await withReportingHost { host in
            var request = Settle_Reporting_V1_GetAccountResearchRequest()
            request.accountNumber = "999999"
            await assertRPCError(.notFound) { try await host.reporting.getAccountResearch(request) }
            request.months = 61
            let months = await assertRPCError(.invalidArgument) { try await host.reporting.getAccountResearch(request) }
            XCTAssertEqual(months?.message, "months: 61 months; at most 60")
            request.months = 0
            request.accountNumber = ""
            let account = await assertRPCError(.invalidArgument) { try await host.reporting.getAccountResearch(request) }
            XCTAssertEqual(account?.message, "account_number: an account number is required")
        }
    }
}
