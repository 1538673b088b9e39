import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// One statement covering four services' bills, with a previous balance, over the socket
/// with every real module, and a cycle's statements written as files by the command line.
///
/// April (03-07 → 04-05): electric 300 kWh 41.65; water 4,000 gallons 10.00 + 20.00 = 30.00;
/// wastewater 16.00; solid waste 20.00 — 107.65, billed 04-08. A 50.00 payment on 04-20.
/// May (04-05 → 05-07): electric 300 kWh 42.70; water 5,000 gallons 35.00; wastewater 20.00;
/// solid waste 20.00 — 117.70, billed 05-08, due 05-29.
final class StatementTests: XCTestCase {
    func testStatementOfFourServicesWithAPreviousBalanceInExactCents() async throws {
        try await withReportingHost { host in
            try await host.utilityTariffs()
            let a = try await host.moveInFourServices(name: "Ada Lovelace", premise: "PA", date: "2024-02-01")
            try await host.importReads("""
                meter,read_at,value,kind
                E-PA,2024-03-07,300,actual
                E-PA,2024-04-05,600,actual
                E-PA,2024-05-07,900,actual
                """)
            try await host.importReads("""
                meter,channel,read_at,value
                W-PA,gallons,2024-03-07,3000
                W-PA,gallons,2024-04-05,7000
                W-PA,gallons,2024-05-07,12000
                """)
            for (period, billDate) in [("2024-04", "2024-04-08"), ("2024-05", "2024-05-08")] {
                try await host.runVee(period)
                let run = try await host.runBilling(period, billDate: billDate)
                XCTAssertEqual(run.billed, 4, "\(period): \(run)")
            }
            _ = try await host.collections.postPayment(.with {
                $0.idempotencyKey = freshKey("payment"); $0.accountNumber = a.account; $0.amountCents = 5_000
                $0.paymentDate = "2024-04-20"; $0.reference = "CARD-77"
            })

            var request = Settle_Reporting_V1_GetStatementRequest()
            request.accountNumber = a.account
            request.period = "2024-05"
            request.html = true
            let statement = try await host.reporting.getStatement(request)
            XCTAssertEqual(statement.customerName, "Ada Lovelace")
            XCTAssertEqual(statement.statementDate, "2024-05-08")
            XCTAssertEqual(statement.dueDate, "2024-05-29")
            XCTAssertEqual(statement.previousStatementDate, "2024-04-08")
            XCTAssertEqual(statement.previousBalanceCents, 10_765)
            XCTAssertEqual(statement.paymentsCents, -5_000)
            XCTAssertEqual(statement.adjustmentsCents, 0)
            XCTAssertEqual(statement.services.map(\.serviceType), ["electric", "solid_waste", "wastewater", "water"])
            XCTAssertEqual(statement.services.map(\.amountCents), [4_270, 2_000, 2_000, 3_500])
            XCTAssertEqual(statement.services.map(\.usage), ["300 kWh", "", "5000 gallons", "5000 gallons"])
            XCTAssertEqual(statement.services.map(\.agreementID), [a.agreements["electric"], a.agreements["solid_waste"], a.agreements["wastewater"], a.agreements["water"]].compactMap { $0 })
            XCTAssertEqual(statement.newChargesCents, 11_770)
            XCTAssertEqual(statement.totalDueCents, 10_765 - 5_000 + 11_770)
            XCTAssertTrue(statement.tiesToLedger)
            XCTAssertEqual(statement.messages, ["Includes $57.65 unpaid from earlier statements, due now."])
            XCTAssertEqual(statement.usage.map { "\($0.unit) \($0.month) \($0.quantity)" },
                           ["gallons 2024-04 4000", "gallons 2024-05 5000", "kWh 2024-04 300", "kWh 2024-05 300"])
            let html = statement.html
            XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, 2, "a kWh and a gallons chart")
            XCTAssertEqual(html.components(separatedBy: "class=\"bar month").count - 1, 4)
            XCTAssertTrue(html.contains("$175.35"), "the total due")
            XCTAssertFalse(html.contains("<script"))

            // Aging by service: May's bills (due 05-29) are 12 days past due on 06-10, each in
            // its service; what April's bills still owe after the 50.00 is 31–60 days.
            var aging = Settle_Reporting_V1_GetAgingReportRequest()
            aging.asOf = "2024-06-10"
            let byService = try await host.reporting.getAgingReport(aging)
            XCTAssertEqual(byService.serviceRows.map(\.rateClass), ["electric", "solid_waste", "wastewater", "water"])
            XCTAssertEqual(byService.serviceRows.map(\.days130Cents), [4_270, 2_000, 2_000, 3_500])
            XCTAssertEqual(byService.serviceRows.map(\.days3160Cents).reduce(0, +), 10_765 - 5_000)
            XCTAssertEqual(byService.serviceRows.map(\.totalCents).reduce(0, +), 17_535)
            XCTAssertTrue(byService.tiesToLedger, "\(byService.problems)")

            // A period the account has no bill for.
            request.period = "2024-07"
            let missing = await assertRPCError(.notFound) { try await host.reporting.getStatement(request) }
            XCTAssertEqual(missing?.message, "account \(a.account) has no bill for 2024-07")

            // settle statement render writes the cycle's statements as files.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("statements-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let run = try await SettleCLI.run(["statement", "render", "--cycle", "5", "--period", "2024-05", "--out", folder, "--json"], socket: host.directory + "/s.sock")
            XCTAssertEqual(run.status, 0, run.stderr)
            let summary = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(summary["statements"] as? Int, 1)
            XCTAssertEqual((summary["total_due_cents"] as? NSNumber)?.int64Value, 17_535)
            let written = try String(contentsOfFile: folder + "/\(a.account)-2024-05.html", encoding: .utf8)
            XCTAssertEqual(written, html)
            let shown = try await SettleCLI.run(["statement", "show", a.account, "--period", "2024-05"], socket: host.directory + "/s.sock")
            XCTAssertEqual(shown.status, 0, shown.stderr)
            XCTAssertTrue(shown.stdout.contains("total due by 2024-05-29") && shown.stdout.contains("$175.35"), shown.stdout)
        }
    }
}
