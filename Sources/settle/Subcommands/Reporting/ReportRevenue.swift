import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle report revenue --period P [--months N] [--csv | --json | --html]`.
struct ReportRevenue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revenue",
        abstract: "Revenue and consumption by rate class, service type and tariff component, month over month and against the same month last year.",
        discussion: "Issued bills only, by the month of their billing period. A \"total\" row per class and service carries the bills and use; its components follow.")

    @Option(name: .long, help: "The last month reported, YYYY-MM.") var period: String
    @Option(name: .long, help: "Months up to --period (default 1, at most 36).") var months: UInt32 = 1
    @OptionGroup var format: ReportFormatOptions
    @OptionGroup var connection: ConnectionOptions

    static let headers = ["MONTH", "CLASS", "SERVICE", "COMPONENT", "AMOUNT", "PREV MONTH", "MoM", "LAST YEAR", "YoY", "BILLS", "USE", "PREV USE", "LAST YEAR USE", "UNIT"]
    static let csvHeader = ["month", "rate_class", "service_type", "component", "amount_cents", "lines", "previous_month_cents", "last_year_cents",
                            "bills", "usage", "previous_month_usage", "last_year_usage", "unit"]

    func validate() throws {
        try format.validate(json: connection.json)
        guard (1...36).contains(months) else { throw ValidationError("--months \(months) is not 1–36") }
    }

    func run() async throws {
        var request = Settle_Reporting_V1_GetRevenueReportRequest()
        request.period = period
        request.months = months
        let options = connection.callOptions
        let report = try await connection.withClient { try await $0.client(ReportingV1.Client.self).getRevenueReport(request, options: options) }
        if connection.json { return print(try Output.compactJSON(report)) }
        let printer = ReportRows(mode: format.csv ? .csv : format.html ? .html : .table, title: "Revenue and consumption, \(months) month(s) to \(report.period)",
                                 headers: Self.headers, csvHeader: Self.csvHeader, numeric: [4, 5, 6, 7, 8, 9, 10, 11, 12])
        printer.begin()
        var table: [[String]] = []
        for row in report.rows {
            let total = row.component == "total"
            printer.row(
                shown: [row.month, row.rateClass, row.serviceType, row.component, Dollars.signed(row.amountCents),
                        Dollars.signed(row.previousMonthCents), ReportRows.change(row.amountCents, from: row.previousMonthCents),
                        Dollars.signed(row.lastYearCents), ReportRows.change(row.amountCents, from: row.lastYearCents),
                        total ? "\(row.bills)" : "", total && !row.unit.isEmpty ? "\(row.usage)" : "", total && !row.unit.isEmpty ? "\(row.previousMonthUsage)" : "",
                        total && !row.unit.isEmpty ? "\(row.lastYearUsage)" : "", total ? row.unit : ""],
                csv: [row.month, row.rateClass, row.serviceType, row.component, "\(row.amountCents)", "\(row.lines)", "\(row.previousMonthCents)",
                      "\(row.lastYearCents)", "\(row.bills)", "\(row.usage)", "\(row.previousMonthUsage)", "\(row.lastYearUsage)", row.unit],
                table: &table)
        }
        printer.end(table: table, lines: report.totals.map {
            "\($0.month): \($0.bills) bills \(Dollars.signed($0.amountCents)) (month before \(Self.beside($0.amountCents, $0.previousMonthCents)), "
                + "a year before \(Self.beside($0.amountCents, $0.lastYearCents))), \($0.kwh) kWh, \($0.gallons) gallons of water"
        })
    }

    /// "$1.00 +5.0%", or just the amount when there was nothing to compare with.
    static func beside(_ now: Int64, _ before: Int64) -> String {
        let change = ReportRows.change(now, from: before)
        return Dollars.signed(before) + (change.isEmpty ? "" : " " + change)
    }
}
