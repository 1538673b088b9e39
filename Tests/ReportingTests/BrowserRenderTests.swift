import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// The research summary, the statement and the register as HTML rendered by a real headless
/// browser (Debian's chromium): each screenshot is decoded and must show a page (not a blank
/// one) with the charts' bars painted in their colour, and each chart's SVG has the bars the
/// data calls for.
///
/// The premise of `RevenueReportTests`: four services billed 2023-04 to 2024-05 (2023-03 is
/// not a complete period), so the research's kWh chart (the twelve months to 2024-05) has 12
/// bars this year and 2 last year (2023-04 and 2023-05), and the statement's 13 months
/// (2023-05 to 2024-05) one bar each per unit.
final class BrowserRenderTests: XCTestCase {
    /// #2a6fb0, the fill of this year's bars and the statement's.
    static let barColour: [UInt8] = [0x2a, 0x6f, 0xb0]

    func testResearchStatementAndRegisterRenderInAHeadlessBrowserWithTheirCharts() async throws {
        _ = try HeadlessBrowser.executable()
        try await withReportingHost { host in
            try await host.utilityTariffs()
            let a = try await host.moveInFourServices(name: "Ada Lovelace", premise: "PA", date: "2023-02-05")
            let months = periods("2023-03", "2024-05")
            try await host.billMonths(premise: "PA", months.enumerated().map { index, period in
                .init(period: period, kwh: 250 + Int64(index % 6) * 40, gallons: 3_000 + Int64(index % 4) * 500)
            })
            try await host.billPeriods(months)
            _ = try await host.collections.postPayment(.with {
                $0.idempotencyKey = freshKey("payment"); $0.accountNumber = a.account; $0.amountCents = 10_000; $0.paymentDate = "2024-05-01"; $0.reference = "CARD-1"
            })

            var research = Settle_Reporting_V1_GetAccountResearchRequest()
            research.accountNumber = a.account
            research.months = 24
            research.asOf = "2024-05-31"
            research.html = true
            let researchHTML = try await host.reporting.getAccountResearch(research).html
            XCTAssertEqual(researchHTML.components(separatedBy: "<svg").count - 1, 2, "a kWh and a gallons chart")
            let kwhChart = try XCTUnwrap(researchHTML.components(separatedBy: "<svg").first { $0.contains("aria-label=\"kWh") })
            XCTAssertEqual(kwhChart.components(separatedBy: "class=\"bar this").count - 1, 12)
            XCTAssertEqual(kwhChart.components(separatedBy: "class=\"bar last").count - 1, 2)
            try Self.checkRendered(researchHTML, name: "research", minimumBarPixels: 2_000)

            var statement = Settle_Reporting_V1_GetStatementRequest()
            statement.accountNumber = a.account
            statement.period = "2024-05"
            statement.html = true
            let statementHTML = try await host.reporting.getStatement(statement).html
            XCTAssertEqual(statementHTML.components(separatedBy: "<svg").count - 1, 2)
            XCTAssertEqual(statementHTML.components(separatedBy: "class=\"bar month").count - 1, 26, "13 months of kWh and of gallons")
            try Self.checkRendered(statementHTML, name: "statement", minimumBarPixels: 2_000)

            let register = try await SettleCLI.run(["report", "register", "--cycle", "5", "--period", "2024-05", "--html"], socket: host.directory + "/s.sock")
            XCTAssertEqual(register.status, 0, register.stderr)
            XCTAssertEqual(register.stdout.components(separatedBy: "<tr>").count - 1, 1 + 4 + 1 + 5, "a header, four agreements, the components' header and five components (customer, energy, tax, water, wastewater)")
            try Self.checkRendered(register.stdout, name: "register", minimumBarPixels: 0)
        }
    }

    /// Screenshots `html` and checks the page is drawn: over 2 % of its pixels unlike the
    /// background, several colours, and at least `minimumBarPixels` of the bar colour. With
    /// SETTLE_SCREENSHOTS=<dir> the PNG is kept there.
    static func checkRendered(_ html: String, name: String, minimumBarPixels: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let (image, png) = try HeadlessBrowser.screenshot(html, name: name)
        XCTAssertEqual([image.width, image.height], [1000, 1400], name, file: file, line: line)
        XCTAssertGreaterThan(png.count, 10_000, "\(name): a blank 1000 × 1400 page compresses to a few kB", file: file, line: line)
        XCTAssertGreaterThan(image.pixelsUnlikeBackground, image.width * image.height / 50, "\(name): the page is blank", file: file, line: line)
        XCTAssertGreaterThan(image.colours, 16, "\(name): text and charts draw many colours", file: file, line: line)
        var bar = 0
        for index in stride(from: 0, to: image.pixels.count, by: 3) where image.pixels[index..<index + 3].elementsEqual(barColour) { bar += 1 }
        XCTAssertGreaterThanOrEqual(bar, minimumBarPixels, "\(name): the chart's bars are painted", file: file, line: line)
        if let folder = ProcessInfo.processInfo.environment["SETTLE_SCREENSHOTS"] {
            try png.write(to: URL(fileURLWithPath: folder).appendingPathComponent("\(name).png"))
        }
    }
}
