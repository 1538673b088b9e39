import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle report aging --as-of D [--csv | --json | --html]`.
struct ReportAging: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aging",
        abstract: "Aging by bucket, rate class and service, tied to the ledger's trial balance.",
        discussion: "Exits 1 when the aging does not tie to the ledger.")

    @Option(name: .long, help: "As of this date, YYYY-MM-DD.") var asOf: String
    @OptionGroup var format: ReportFormatOptions
    @OptionGroup var connection: ConnectionOptions

    static let headers = ["BY", "NAME", "ACCOUNTS", "CURRENT", "1-30", "31-60", "61-90", "91-120", "OVER 120", "CREDIT", "TOTAL"]
    static let csvHeader = ["by", "name", "accounts", "current_cents", "days_1_30_cents", "days_31_60_cents", "days_61_90_cents",
                            "days_91_120_cents", "over_120_cents", "credit_cents", "total_cents"]

    func validate() throws { try format.validate(json: connection.json) }

    func run() async throws {
        var request = Settle_Reporting_V1_GetAgingReportRequest()
        request.asOf = asOf
        let options = connection.callOptions
        let report = try await connection.withClient { try await $0.client(ReportingV1.Client.self).getAgingReport(request, options: options) }
        let tie = "trial balance \(Dollars.signed(report.trialBalanceCents)), ledger to \(report.asOf) \(Dollars.signed(report.ledgerThroughAsOfCents)), "
            + "entries dated later \(Dollars.signed(report.entriesAfterAsOfCents)): \(report.tiesToLedger ? "ties" : "DOES NOT TIE")"
        if connection.json {
            print(try Output.compactJSON(report))
        } else if format.csv {
            print(CSVText.line(Self.csvHeader))
            for (by, row) in Self.grouped(report) { print(CSVText.line([by] + Self.cells(row, money: { "\($0)" }))) }
        } else if format.html {
            print(ReportingFormat.htmlHead(title: "Aging as of \(report.asOf)"))
            print("<h1>Aging as of \(ReportingFormat.html(report.asOf))</h1><div class=\"scroll\"><table><thead><tr>"
                  + Self.headers.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>")
            for (by, row) in Self.grouped(report) {
                print("<tr><td>\(by)</td>" + Self.cells(row, money: { Dollars.signed($0) }).enumerated().map { $0.offset == 0 ? "<td>\(ReportingFormat.html($0.element))</td>" : "<td class=\"n\">\($0.element)</td>" }.joined() + "</tr>")
            }
            print("</tbody></table></div><p class=\"\(report.tiesToLedger ? "ok" : "bad")\">\(ReportingFormat.html(tie))</p>")
            for problem in report.problems { print("<p class=\"bad\">\(ReportingFormat.html(problem))</p>") }
            print(ReportingFormat.htmlTail)
        } else {
            print("aging as of \(report.asOf)")
            Output.table(Self.headers, Self.grouped(report).map { [$0.0] + Self.cells($0.1, money: { Dollars.signed($0) }) })
            print(tie)
            for problem in report.problems { print("problem: \(problem)") }
        }
        if !report.tiesToLedger { throw ExitCode(1) }
    }

    /// Rate classes, then services, then the portfolio, each with what it is grouped by.
    static func grouped(_ report: Settle_Reporting_V1_AgingReport) -> [(String, Settle_Reporting_V1_AgingRow)] {
        report.rows.map { ($0.rateClass == "portfolio" ? "portfolio" : "rate_class", $0) }.sorted { ($0.0 == "portfolio" ? 1 : 0) < ($1.0 == "portfolio" ? 1 : 0) }
            .reduce(into: []) { result, pair in
                if pair.0 == "portfolio" { result += report.serviceRows.map { ("service", $0) } }
                result.append(pair)
            }
    }

    static func cells(_ row: Settle_Reporting_V1_AgingRow, money: (Int64) -> String) -> [String] {
        [row.rateClass, "\(row.accounts)", money(row.currentCents), money(row.days130Cents), money(row.days3160Cents), money(row.days6190Cents),
         money(row.days91120Cents), money(row.over120Cents), money(row.creditCents), money(row.totalCents)]
    }
}
