import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// Tax-exempt right-to-refund and billing-error corrections on bills the real Rating issued.
/// Two customers move in on 2024-03-15; April's bill (03-15 → 04-05, 21 days, 300 kWh) is
/// 7.00 + 30.00 + 5 % tax 1.85 = 38.85, due 2024-04-29; May's (04-05 → 05-07) is rated the
/// same way. Both are paid in full; the exemption certificates (from 2024-01-01) are filed later.
final class TaxExemptAndBillingErrorTests: XCTestCase {
    func testRightToRefundInsideAndJustOutsideTheLimitationPeriodAndABillingErrorNeverPaysTheTaxTwice() async throws {
        try await withRefundsHost { host in
            try await host.taxedTariff()
            let acme = try await host.meteredCustomer("Acme Schools", premise: "P-ACME", meter: "MA", date: "2024-03-15", installRead: 1_000)
            let bolt = try await host.meteredCustomer("Bolt Church", premise: "P-BOLT", meter: "MB", date: "2024-03-15", installRead: 5_000)
            try await host.importReads("""
                meter,read_at,value,kind
                MA,2024-04-05,1300,actual
                MB,2024-04-05,5300,actual
                """)
            let april = try await host.bill("2024-04", billDate: "2024-04-08")
            XCTAssertEqual(april.billed, 2)
            try await host.importReads("""
                meter,read_at,value,kind
                MA,2024-05-07,1600,actual
                MB,2024-05-07,5600,actual
                """)
            _ = try await host.bill("2024-05", billDate: "2024-05-08")
            for customer in [acme, bolt] {
                for bill in try await host.bills(customer) { try await host.pay(customer, bill.rated.totalCents, on: "2024-05-20") }
                try await host.exempt(customer, from: "2024-01-01")
            }
            let acmeBills = try await host.bills(acme)
            XCTAssertEqual(acmeBills.map(\.dueDate), ["2024-04-29", "2024-05-29"])
            XCTAssertEqual(acmeBills.map(salesTax).first, 185)
            let mayTax = salesTax(acmeBills[1])
            XCTAssertGreaterThan(mayTax, 0)

            // 2028-04-30 is one day past April's four years: only May's tax.
            let late = try await host.request("tax_exempt", acme.account, date: "2028-04-30") { $0.taxType = "sales-tax" }
            XCTAssertEqual(late.amountCents, mayTax)
            let outside = try XCTUnwrap(late.calculation.first { $0.source == "rating: bill \(acmeBills[0].id)" })
            XCTAssertTrue(outside.informational)
            XCTAssertTrue(outside.detail.contains("outside the limitation period: due 2024-04-29, refundable through 2028-04-29"), outside.detail)
            _ = try await host.clerk.rejectRefund(host.decide(late.id, reason: "asked again within the period"))
            // 2028-04-29, the last day: both bills, each tax line listed.
            let inside = try await host.request("tax_exempt", acme.account, date: "2028-04-29") { $0.taxType = "sales-tax" }
            XCTAssertEqual(inside.amountCents, 185 + mayTax)
            XCTAssertEqual(inside.creditCents, 185 + mayTax)
            XCTAssertEqual(inside.calculation.filter { !$0.informational }.map(\.source), acmeBills.map { "rating: bill \($0.id)" })
            XCTAssertTrue(inside.calculation.contains { $0.detail.contains("Sales tax 1.85 on 37.00") }, "\(inside.calculation.map(\.detail))")
            _ = try await host.clerk.approveRefund(host.decide(inside.id))
            let batch = try await host.batch([inside.id], date: "2028-05-01")
            _ = try await host.release(batch.id)
            let ledger = try await host.ledger(acme.account)
            XCTAssertEqual(ledger.entries.filter { $0.entryDate == "2028-05-01" }.map { "\($0.kind) \($0.amountCents)" },
                           ["credit \(-(185 + mayTax))", "refund \(185 + mayTax)"])
            XCTAssertEqual(ledger.balanceCents, 0)

            // Bolt: April cancelled and rebilled now that the certificate is on file: the rebill
            // has no sales tax, and the difference is refunded (the bill was paid).
            let bolts = try await host.bills(bolt)
            let cancelled = try await host.rating.cancelBill(.with { $0.idempotencyKey = freshKey("cancel"); $0.billID = bolts[0].id; $0.reason = "exemption certificate on file"; $0.rebill = true })
            XCTAssertEqual(cancelled.cancelled.rated.totalCents - cancelled.rebill.rated.totalCents, 185)
            let correction = try await host.request("billing_error", bolt.account, date: "") { $0.billID = bolts[0].id }
            XCTAssertEqual(correction.amountCents, 185)
            XCTAssertEqual(correction.source, "rebill:\(bolts[0].id)>\(cancelled.rebill.id)")
            XCTAssertEqual(correction.calculation.map(\.amountCents), [cancelled.cancelled.rated.totalCents, -cancelled.rebill.rated.totalCents])
            // Bolt's right-to-refund now covers May only: April's tax was corrected by the rebill.
            let bolted = try await host.request("tax_exempt", bolt.account, date: "") { $0.taxType = "sales-tax" }
            XCTAssertEqual(bolted.amountCents, salesTax(bolts[1]))
            XCTAssertFalse(bolted.calculation.contains { $0.source == "rating: bill \(bolts[0].id)" && !$0.informational })
        }
    }

    /// A billing error the customer keeps as credit is settled on approval, nothing paid out;
    /// a cancelled bill whose tax a tax-exempt refund already paid is not refunded again.
    func testABillingErrorKeptAsCreditAndOneAlreadyRefundedAsTax() async throws {
        try await withRefundsHost { host in
            try await host.taxedTariff()
            let cole = try await host.meteredCustomer("Cole Library", premise: "P-COLE", meter: "MC", date: "2024-03-15", installRead: 1_000)
            try await host.importReads("""
                meter,read_at,value,kind
                MC,2024-04-05,1300,actual
                """)
            _ = try await host.bill("2024-04", billDate: "2024-04-08")
            let issued = try await host.bills(cole)
            let bill = try XCTUnwrap(issued.first)
            try await host.pay(cole, bill.rated.totalCents, on: "2024-04-20")
            try await host.exempt(cole, from: "2024-01-01")
            let taxed = try await host.request("tax_exempt", cole.account, date: "2024-06-01") { $0.taxType = "sales-tax" }
            XCTAssertEqual(taxed.amountCents, 185)
            let cancelled = try await host.rating.cancelBill(.with { $0.idempotencyKey = freshKey("cancel"); $0.billID = bill.id; $0.reason = "certificate"; $0.rebill = true })
            XCTAssertEqual(cancelled.cancelled.rated.totalCents - cancelled.rebill.rated.totalCents, 185)
            await assertRPCError(.failedPrecondition, containing: "nothing to refund") {
                try await host.request("billing_error", cole.account, date: "") { $0.billID = bill.id }
            }
            _ = try await host.clerk.rejectRefund(host.decide(taxed.id, reason: "corrected by the rebill instead"))
            let kept = try await host.request("billing_error", cole.account, date: "") { $0.billID = bill.id; $0.keepAsCredit = true }
            XCTAssertEqual(kept.amountCents, 185)
            let settled = try await host.clerk.approveRefund(host.decide(kept.id))
            XCTAssertEqual(settled.status, "credited")
            XCTAssertEqual(settled.method, "credit")
            let ledger = try await host.ledger(cole.account)
            XCTAssertEqual(ledger.balanceCents, -185, "the difference stays on the account as credit")
            XCTAssertFalse(ledger.entries.contains { $0.kind == "refund" })
        }
    }
}
