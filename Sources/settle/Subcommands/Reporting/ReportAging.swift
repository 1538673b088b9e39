import ArgumentParser
import SettleContracts

/// `settle report aging --as-of D [--csv | --json | --html]`.
struct ReportAging: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aging",
        abstract: "Aging by bucket and rate class, tied to the ledger's trial balance.",
        discussion: "Exits 1 when the aging does not tie to the ledger.")

    @Option(name: .long, help: "As of this date, YYYY-MM-DD.") var asOf: String
    @OptionGroup var format: ReportFormatOptions
    @OptionGroup var connection: ConnectionOptions

    static let headers = ["RATE CLASS", "ACCOUNTS", "CURRENT", "1-30", "31-60", "61-90", "91-120", "OVER 120", "CREDIT", "TOTAL"]
    static let csvHeader = ["rate_class", "accounts", "current_cents", "days_1_30_cents", "days_31_60_cents", "days_61_90_cents",
                            "days_91_120_cents", "over_120_cents", "credit_cents", "total_cents"]

    func validate() throws { try format.validate(json: connection.json) }

    func run() async throws {
        var request = Settle_Reporting_V1_GetAgingReportRequest()
        request.asOf = asOf
        let options = connection.callOptions
        let report = try await connection.withClient { try await $0.client(ReportingV1.Client.self).getAgingReport(request, options: options) }
        let tie = "trial balance \(AccountsFormat.dollars(report.trialBalanceCents)), ledger to \(report.asOf) \(AccountsFormat.dollars(report.ledgerThroughAsOfCents)), "
            + "entries dated later \(AccountsFormat.dollars(report.entriesAfterAsOfCents)): \(report.tiesToLedger ? "ties" : "DOES NOT TIE")"
        if connection.json {
            print(try ReportingFormat.json(report))
        } else if format.csv {
            print(ReportingFormat.csvLine(Self.csvHeader))
            for row in report.rows { print(ReportingFormat.csvLine(Self.cells(row, money: { "\($0)" }))) }
        } else if format.html {
            print(ReportingFormat.htmlHead(title: "Aging as of \(report.asOf)"))
            print("<h1>Aging as of \(ReportingFormat.html(report.asOf))</h1><div class=\"scroll\"><table><thead><tr>"
                  + Self.headers.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>")
            for row in report.rows {
                print("<tr>" + Self.cells(row, money: AccountsFormat.dollars).enumerated().map { $0.offset == 0 ? "<td>\(ReportingFormat.html($0.element))</td>" : "<td class=\"n\">\($0.element)</td>" }.joined() + "</tr>")
            }
            print("</tbody></table></div><p class=\"\(report.tiesToLedger ? "ok" : "bad")\">\(ReportingFormat.html(tie))</p>")
            for problem in report.problems { print("<p class=\"bad\">\(ReportingFormat.html(problem))</p>") }
            print(ReportingFormat.htmlTail)
        } else {
            print("aging as of \(report.asOf)")
            Output.table(Self.headers, report.rows.map { Self.cells($0, money: AccountsFormat.dollars) })
            print(tie)
            for problem in report.problems { print("problem: \(problem)") }
        }
        if !report.tiesToLedger { throw ExitCode(1) }
    }

    static func cells(_ row: Settle_Reporting_V1_AgingRow, money: (Int64) -> String) -> [String] {
        [row.rateClass, "\(row.accounts)", money(row.currentCents), money(row.days130Cents), money(row.days3160Cents), money(row.days6190Cents),
         money(row.days91120Cents), money(row.over120Cents), money(row.creditCents), money(row.totalCents)]
    }
}
