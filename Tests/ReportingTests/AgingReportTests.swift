import Foundation
@testable import SettleReporting
import SettleContracts
import SettleTestSupport
import XCTest

/// Aging by bucket and rate class tied to the ledger's trial balance, over the socket.
///
/// April bills (03-07 → 04-05, 29 days): 9.67 + 30.00 = 39.67, tax 1.98 → 41.65, due 04-29.
/// May bills (04-05 → 05-07, 32 days): A 42.70, B 43.75, due 05-29 (bill date + 21 days).
final class AgingReportTests: XCTestCase {
    func testAgingTiesToTheTrialBalanceBucketByBucket() async throws {
        try await withReportingHost { host in
            let (a, b) = try await host.adaAndBlaise(laterReads: """
                EA,2024-05-07,1900,actual
                EB,2024-05-07,5910,actual
                """)
            try await host.billAprilAndMay()
            try await host.postPayment(4_165, to: a.account, on: "2024-05-01", reference: "LOCKBOX-1")

            var request = Settle_Reporting_V1_GetAgingReportRequest()
            request.asOf = "2024-06-10"
            let june = try await host.reporting.getAgingReport(request)
            XCTAssertEqual(june.rows.map(\.rateClass), ["residential", "portfolio"])
            for row in june.rows {
                // A's May bill 12 days past due and B's 12; B's April bill 42 days.
                XCTAssertEqual(row.accounts, 2)
                XCTAssertEqual(row.currentCents, 0)
                XCTAssertEqual(row.days130Cents, 4_270 + 4_375)
                XCTAssertEqual(row.days3160Cents, 4_165)
                XCTAssertEqual(row.days6190Cents, 0)
                XCTAssertEqual(row.totalCents, 12_810)
            }
            XCTAssertEqual(june.serviceRows.map(\.rateClass), ["electric"])
            XCTAssertEqual(june.serviceRows.first?.totalCents, 12_810)
            XCTAssertEqual(june.trialBalanceCents, 12_810)
            XCTAssertEqual(june.trialEntriesCents, 12_810)
            XCTAssertEqual(june.trialByKindCents["charge"], 4_165 + 4_165 + 4_270 + 4_375)
            XCTAssertEqual(june.trialByKindCents["payment"], -4_165)
            XCTAssertEqual(june.ledgerThroughAsOfCents, 12_810)
            XCTAssertEqual(june.entriesAfterAsOfCents, 0)
            XCTAssertEqual(june.problems, [])
            XCTAssertTrue(june.tiesToLedger)

            // Before May's bills: only B's April bill is owed (6 days past due); May's charges
            // are in the trial balance but dated after, and reported as such.
            request.asOf = "2024-05-05"
            let early = try await host.reporting.getAgingReport(request)
            let portfolio = try XCTUnwrap(early.rows.last)
            XCTAssertEqual(portfolio.rateClass, "portfolio")
            XCTAssertEqual(portfolio.days130Cents, 4_165)
            XCTAssertEqual(portfolio.totalCents, 4_165)
            XCTAssertEqual(early.ledgerThroughAsOfCents, 4_165)
            XCTAssertEqual(early.trialBalanceCents, 12_810)
            XCTAssertEqual(early.entriesAfterAsOfCents, 8_645)
            XCTAssertTrue(early.tiesToLedger, "\(early.problems)")
            _ = b

            let csv = try await SettleCLI.run(["report", "aging", "--as-of", "2024-06-10", "--csv"], socket: host.directory + "/s.sock")
            XCTAssertEqual(csv.status, 0, csv.stderr)
            XCTAssertEqual(CSV.rows(csv.stdout).dropFirst().map { [$0[0], $0[1], $0[4], $0[5], $0[10]] },
                           [["rate_class", "residential", "8645", "4165", "12810"], ["service", "electric", "8645", "4165", "12810"],
                            ["portfolio", "portfolio", "8645", "4165", "12810"]])
            // Every CSV cell in cents is the JSON's number for the same row.
            let json = try await SettleCLI.run(["report", "aging", "--as-of", "2024-06-10", "--json"], socket: host.directory + "/s.sock")
            XCTAssertEqual(json.status, 0, json.stderr)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let byClass = try XCTUnwrap(object["rows"] as? [[String: Any]]), byService = try XCTUnwrap(object["service_rows"] as? [[String: Any]])
            let header = CSV.rows(csv.stdout)[0]
            for row in CSV.rows(csv.stdout).dropFirst() {
                let source = row[0] == "service" ? byService : byClass
                let match = try XCTUnwrap(source.first { $0["rate_class"] as? String == row[1] }, "\(row)")
                for (index, key) in header.enumerated() where key.hasSuffix("_cents") || key == "accounts" {
                    XCTAssertEqual(Int64(row[index]), (match[key] as? NSNumber)?.int64Value ?? Int64(match[key] as? String ?? "0"), "\(row[1]) \(key)")
                }
            }
        }
    }

    /// The checks fail on books that disagree (which real modules cannot be made to show
    /// through their contracts): a class missing from the portfolio, a ledger that differs.
    func testAgingThatDoesNotAddUpIsReportedWithEachDifference() {
        var aging = Settle_Collections_V1_GetAgingResponse()
        var residential = Settle_Collections_V1_AgingBuckets()
        residential.totalCents = 1_000
        aging.byRateClass = ["residential": residential]
        aging.portfolio.totalCents = 1_200
        aging.ledgerTotalCents = 1_250
        var trial = Settle_Collections_V1_CheckLedgerResponse()
        trial.balanced = false
        trial.sumOfBalancesCents = 1_240
        trial.sumOfEntriesCents = 1_250
        let report = AgingTie.report(asOf: "2024-06-10", aging: aging, trial: trial)
        XCTAssertFalse(report.tiesToLedger)
        XCTAssertEqual(report.problems, [
            "the rate classes add up to 1000, the portfolio to 1200",
            "the portfolio's 1200 is not the ledger's 1250 up to 2024-06-10",
            "the trial balance does not balance: balances 1240, entries 1250",
        ])
    }
}
