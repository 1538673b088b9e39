import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

/// The register at volume and for a whole month, over the socket with every real module.
final class RegisterVolumeTests: XCTestCase {
    /// 100,000 agreements in one cycle, none billed yet: the register streams 100,000 rows in
    /// pages of 1,000 as Accounts' directory pages (10,000 each) arrive, so its first page
    /// comes long before its last and the process never grows by the whole result.
    func testAHundredThousandRowRegisterStreamsInPagesWithBoundedMemory() async throws {
        try await withReportingHost { host in
            try await host.residentialTariff()
            let loaded = try await host.loadAccounts(100_000, cycle: 9, prefix: "V")
            XCTAssertEqual(loaded, 100_000)

            var request = Settle_Reporting_V1_GetBillingRegisterRequest()
            request.cycle = 9
            request.period = "2024-05"
            request.pageSize = 1_000
            let started = ContinuousClock.now
            var firstPage: Duration?
            var pages = 0, rows = 0, notBilled = 0
            let baseline = residentBytes()
            var peak = baseline
            var summary = Settle_Reporting_V1_RegisterSummary()
            for try await page in try await host.reporting.getBillingRegister(request) {
                if firstPage == nil { firstPage = ContinuousClock.now - started }
                pages += 1
                rows += page.rows.count
                notBilled += page.rows.filter { $0.status == "not_billed" }.count
                peak = max(peak, residentBytes())
                if page.last { summary = page.summary }
            }
            let total = ContinuousClock.now - started
            XCTAssertEqual(rows, 100_000)
            XCTAssertEqual(notBilled, 100_000)
            XCTAssertEqual(pages, 101, "a hundred pages of rows, then the summary's page")
            XCTAssertEqual(summary.agreements, 100_000)
            XCTAssertEqual(summary.notBilled, 100_000)
            XCTAssertTrue(summary.countsTie)
            let first = try XCTUnwrap(firstPage)
            XCTAssertLessThan(first, total / 4, "the first page (\(first)) arrives long before the last (\(total))")
            // 100,000 rows held at once would be tens of MB of messages on each side; the
            // stream holds one directory page and one page of rows.
            XCTAssertLessThan(peak - baseline, 64 << 20, "grew \((peak - baseline) >> 20) MiB while streaming")
        }
    }

    /// `cycle: 0` is the whole month: every cycle in turn, each row naming its cycle, the
    /// counts and cents of all of them together.
    func testTheWholeMonthRegisterCoversEveryCycle() async throws {
        try await withReportingHost { host in
            try await host.residentialTariff()
            let a = try await host.moveIn(name: "Ada", premise: "PA", meter: "EA", date: "2024-02-01")
            let b = try await host.moveIn(name: "Bo", premise: "PB", meter: "EB", date: "2024-02-01")
            try await host.importReads("meter,read_at,value,kind\nEA,2024-04-05,300,actual\nEA,2024-05-05,600,actual\nEB,2024-04-05,300,actual\nEB,2024-05-05,700,actual\n")
            try await host.billPeriods(["2024-04", "2024-05"])
            try await host.loadAccounts(3, cycle: 7, prefix: "S")
            try await host.loadAccounts(1, cycle: 12, prefix: "T")

            let pages = try await host.register(cycle: 0, period: "2024-05")
            let rows = pages.flatMap(\.rows)
            let summary = try XCTUnwrap(pages.last?.summary)
            XCTAssertEqual(rows.map(\.cycle), [5, 5, 7, 7, 7, 12])
            XCTAssertEqual(rows.filter { $0.cycle == 5 }.map(\.agreementID), [a.agreement, b.agreement])
            XCTAssertEqual(rows.map(\.status), ["billed", "billed", "not_billed", "not_billed", "not_billed", "not_billed"])
            // 30 days: 10.00 + 30.00 + 2.00 and 10.00 + 40.00 + 2.50.
            XCTAssertEqual(rows.prefix(2).map(\.billCents), [4_200, 5_250])
            XCTAssertEqual(summary.cycle, 0)
            XCTAssertEqual([summary.agreements, summary.billed, summary.notBilled, summary.accounts], [6, 2, 4, 6])
            XCTAssertEqual(summary.registerCents, 9_450)
            XCTAssertEqual(summary.ledgerCents, 9_450)
            XCTAssertEqual(summary.registerTaxCents, 450)
            XCTAssertTrue(summary.countsTie)
            XCTAssertTrue(summary.tiesToLedger, "\(summary.differences)")
            let cycle5Pages = try await host.register(cycle: 5, period: "2024-05")
            let cycle5 = try XCTUnwrap(cycle5Pages.last?.summary)
            XCTAssertEqual(cycle5.registerCents, summary.registerCents, "the month's cents are cycle 5's, the only one billed")
            XCTAssertEqual(cycle5.components, summary.components)
        }
    }
}
