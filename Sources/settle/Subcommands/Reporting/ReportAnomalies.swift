import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleDomain
import SettleRPC

/// `settle report anomalies [--as-of D] [--period P] [--csv | --json | --html]`.
struct ReportAnomalies: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anomalies",
        abstract: "The anomaly scan across modules: each finding with the entities involved and a suggested action, then counts by rule.",
        discussion: "Findings stream as the host finds them. --period is the billing period whose bills are scanned (default the month before --as-of). Exits 1 when anything is found.")

    @Option(name: .long, help: "Scan as of this date, YYYY-MM-DD (default today).") var asOf: String?
    @Option(name: .long, help: "Billing period whose bills are scanned, YYYY-MM (default the month before --as-of).") var period: String?
    @OptionGroup var format: ReportFormatOptions
    @OptionGroup var connection: ConnectionOptions

    static let headers = ["RULE", "ACCOUNT", "AGREEMENT", "AMOUNT", "ENTITIES", "DETAIL", "SUGGESTED ACTION"]
    static let csvHeader = ["rule", "account_number", "agreement_id", "amount_cents", "entities", "detail", "suggested_action"]

    func validate() throws { try format.validate(json: connection.json) }

    func run() async throws {
        var request = Settle_Reporting_V1_GetAnomaliesRequest()
        request.asOf = asOf ?? ""
        request.period = period ?? ""
        let options = connection.callOptions
        let json = connection.json
        let mode: ReportRows.Mode = format.csv ? .csv : format.html ? .html : .table
        let printer = ReportRows(mode: mode, title: "Anomaly scan", headers: Self.headers, csvHeader: Self.csvHeader, numeric: [3])
        if json { print("{\"anomalies\":[", terminator: "") } else if mode == .table { print("RULE  ACCOUNT  AGREEMENT  AMOUNT  DETAIL — SUGGESTED ACTION") } else { printer.begin() }
        var first = true
        var ignored: [[String]] = []
        let summary = try await connection.withClient { client in
            var summary = Settle_Reporting_V1_AnomaliesSummary()
            for try await page in try await client.client(ReportingV1.Client.self).getAnomalies(request, options: options) {
                for finding in page.anomalies {
                    let agreement = finding.agreementID == 0 ? "" : "\(finding.agreementID)"
                    if json {
                        print((first ? "\n" : ",\n") + (try Output.compactJSON(finding)), terminator: "")
                    } else if mode == .table {
                        // Each finding as it arrives, not gathered into a table.
                        print("\(finding.rule)  \(Cell.dash(finding.accountNumber))  \(Cell.dash(agreement))  "
                              + "\(finding.amountCents == 0 ? "-" : Dollars.signed(finding.amountCents))  \(finding.detail) — \(finding.suggestedAction)")
                    } else {
                        printer.row(shown: [finding.rule, finding.accountNumber, agreement, finding.amountCents == 0 ? "" : Dollars.signed(finding.amountCents),
                                            finding.entities.joined(separator: "; "), finding.detail, finding.suggestedAction],
                                    csv: [finding.rule, finding.accountNumber, agreement, "\(finding.amountCents)", finding.entities.joined(separator: "; "),
                                          finding.detail, finding.suggestedAction], table: &ignored)
                    }
                    first = false
                }
                if page.last { summary = page.summary }
            }
            return summary
        }
        let lines = ["as of \(summary.asOf), bills of \(summary.period): \(summary.findings) finding(s)"]
            + summary.counts.map { "\($0.rule): \($0.findings) — \($0.description_p)" }
        if json {
            print("\n],\"summary\":" + (try Output.compactJSON(summary)) + "}")
        } else if mode == .table {
            print("")
            lines.forEach { print($0) }
        } else {
            printer.end(table: [], lines: lines)
        }
        if summary.findings > 0 { throw ExitCode(1) }
    }
}
