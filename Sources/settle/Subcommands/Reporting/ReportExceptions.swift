import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleDomain
import SettleRPC

/// `settle report exceptions --cycle N --period P [--as-of D] [--csv | --json | --html]`.
struct ReportExceptions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exceptions",
        abstract: "VEE exceptions open and resolved (root cause, action, who resolved them), held bills and skipped agreements, by type and age.",
        discussion: "Rows stream as the host reads them; counts by type and open rows by age come last. --cycle 0 is every cycle.")

    @Option(name: .long, help: "Bill cycle 1–20, or 0 for every cycle.") var cycle: UInt32
    @Option(name: .long, help: "Billing period, YYYY-MM.") var period: String
    @Option(name: .long, help: "Count ages to this date, YYYY-MM-DD (default today).") var asOf: String?
    @OptionGroup var format: ReportFormatOptions
    @OptionGroup var connection: ConnectionOptions

    static let header = ["source", "cycle", "period", "type", "account_number", "agreement_id", "reference", "status", "blocking", "date", "age_days", "detail", "root_cause", "action", "resolution"]

    func validate() throws { try format.validate(json: connection.json) }

    func run() async throws {
        var request = Settle_Reporting_V1_GetExceptionsRequest()
        request.cycle = cycle
        request.period = period
        request.asOf = asOf ?? ""
        let options = connection.callOptions
        if format.html { print(ReportingFormat.htmlHead(title: "Exceptions \(period)") + "<h1>Exceptions — cycle \(cycle == 0 ? "all" : String(cycle)), period \(ReportingFormat.html(period))</h1><div class=\"scroll\"><table><thead><tr>" + Self.header.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>") }
        else if format.csv { print(CSVText.line(Self.header)) }
        else if connection.json { print("{\"rows\":[", terminator: "") }
        else { print(Self.header.prefix(11).map { $0.uppercased() }.joined(separator: "  ") + "  DETAIL") }
        var first = true
        let summary = try await connection.withClient { client in
            var summary = Settle_Reporting_V1_ExceptionsSummary()
            for try await page in try await client.client(ReportingV1.Client.self).getExceptions(request, options: options) {
                for row in page.rows {
                    let cells = [row.source, "\(row.cycle)", row.period, row.type, row.accountNumber, "\(row.agreementID)", row.reference, row.status,
                                 row.blocking ? "yes" : "no", row.date, "\(row.ageDays)", row.detail, row.rootCause, row.action, row.resolution]
                    if format.html { print("<tr>" + cells.map { "<td>\(ReportingFormat.html($0))</td>" }.joined() + "</tr>") }
                    else if format.csv { print(CSVText.line(cells)) }
                    else if connection.json { print((first ? "\n" : ",\n") + (try Output.compactJSON(row)), terminator: "") }
                    else { print(cells.prefix(11).joined(separator: "  ") + "  " + row.detail + (row.resolution.isEmpty ? "" : " — \(row.resolution)")) }
                    first = false
                }
                if page.last { summary = page.summary }
            }
            return summary
        }
        let lines = summary.counts.map { "\($0.source) \($0.type): \($0.open) open, \($0.resolved) resolved" }
            + ["open by age: 0–7 days \(summary.open07), 8–30 days \(summary.open830), over 30 days \(summary.openOver30)"]
        if format.html { print("</tbody></table></div><ul>" + lines.map { "<li>\(ReportingFormat.html($0))</li>" }.joined() + "</ul>" + ReportingFormat.htmlTail) }
        else if format.csv { FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8)) }
        else if connection.json { print("\n],\"summary\":" + (try Output.compactJSON(summary)) + "}") }
        else { print(""); lines.forEach { print($0) } }
    }
}
