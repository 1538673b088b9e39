import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleRPC

/// `settle report trends --period P [--top N] [--all] [--csv | --json | --html]`.
struct ReportTrends: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Each agreement's use against its own same period last year and its class average; the furthest out by z-score of use per day within its class.",
        discussion: "Prints the class averages and the --top N outliers (largest |z| first); --all also streams a row for every agreement, before them.")

    @Option(name: .long, help: "Billing period, YYYY-MM.") var period: String
    @Option(name: .long, help: "How many outliers (default 20, at most 1,000).") var top: UInt32 = 20
    @Flag(name: .long, help: "A row for every agreement, not only the outliers.") var all = false
    @OptionGroup var format: ReportFormatOptions
    @OptionGroup var connection: ConnectionOptions

    static let headers = ["ROW", "AGREEMENT", "ACCOUNT", "CLASS", "SERVICE", "BILL", "USE", "UNIT", "DAYS", "LAST YEAR", "LY DAYS", "YoY %", "x CLASS AVG", "Z", "EST"]
    static let csvHeader = ["row", "agreement_id", "account_number", "rate_class", "service_type", "bill_id", "usage", "unit", "days",
                            "last_year_usage", "last_year_days", "year_over_year_percent", "class_ratio", "z_score", "estimated"]

    func validate() throws {
        try format.validate(json: connection.json)
        guard (1...1_000).contains(top) else { throw ValidationError("--top \(top) is not 1–1,000") }
    }

    func run() async throws {
        var request = Settle_Reporting_V1_GetTrendsRequest()
        request.period = period
        request.top = top
        request.allRows = all
        let options = connection.callOptions
        let json = connection.json
        let printer = ReportRows(mode: format.csv ? .csv : format.html ? .html : .table, title: "Trends and outliers, \(period)",
                                 headers: Self.headers, csvHeader: Self.csvHeader, numeric: [6, 8, 9, 10, 11, 12, 13])
        if json { print("{\"rows\":[", terminator: "") } else { printer.begin() }
        var table: [[String]] = []
        var first = true
        func emit(_ kind: String, _ row: Settle_Reporting_V1_TrendRow) throws {
            if json {
                print((first ? "\n" : ",\n") + (try Output.compactJSON(row)), terminator: "")
                first = false
                return
            }
            let lastYear = row.hasLastYear_p
            printer.row(
                shown: [kind, "\(row.agreementID)", row.accountNumber, row.rateClass, row.serviceType, row.billID, "\(row.usage)", row.unit, "\(row.days)",
                        lastYear ? "\(row.lastYearUsage)" : "", lastYear ? "\(row.lastYearDays)" : "", lastYear ? String(format: "%+.1f", row.yearOverYearPercent) : "",
                        String(format: "%.2f", row.classRatio), String(format: "%+.2f", row.zScore), row.estimated ? "E" : ""],
                csv: [kind, "\(row.agreementID)", row.accountNumber, row.rateClass, row.serviceType, row.billID, "\(row.usage)", row.unit, "\(row.days)",
                      lastYear ? "\(row.lastYearUsage)" : "", lastYear ? "\(row.lastYearDays)" : "", lastYear ? "\(row.yearOverYearPercent)" : "",
                      "\(row.classRatio)", "\(row.zScore)", row.estimated ? "true" : "false"],
                table: &table)
        }
        let summary = try await connection.withClient { client in
            var summary = Settle_Reporting_V1_TrendsSummary()
            for try await page in try await client.client(ReportingV1.Client.self).getTrends(request, options: options) {
                for row in page.rows { try emit("agreement", row) }
                if page.last { summary = page.summary }
            }
            return summary
        }
        if json {
            print("\n],\"summary\":" + (try Output.compactJSON(summary)) + "}")
            return
        }
        for row in summary.outliers { try emit("outlier", row) }
        printer.end(table: table, lines: ["measure: \(summary.measure); \(summary.agreements) agreements"] + summary.classes.map {
            "\($0.rateClass) \($0.serviceType): \($0.agreements) agreements, mean \(String(format: "%.2f", $0.meanPerDay)) \($0.unit)/day, "
                + "standard deviation \(String(format: "%.2f", $0.stddevPerDay)), use \($0.usage) \($0.unit) (a year before \($0.lastYearUsage))"
        })
    }
}
