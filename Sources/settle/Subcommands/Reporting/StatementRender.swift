import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleDomain
import SettleRPC

/// `settle statement render --cycle N --period P --out DIR`.
struct StatementRender: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "Write every statement of a cycle and period as DIR/<account>-<period>.html; prints one line per file (or --json counts).")

    @Option(name: .long, help: "Bill cycle 1–20.") var cycle: UInt32
    @Option(name: .long, help: "Billing period, YYYY-MM.") var period: String
    @Option(name: .long, help: "Folder to write into (created when missing).") var out: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var request = Settle_Reporting_V1_ListStatementsRequest()
        request.cycle = cycle
        request.period = period
        request.html = true
        let options = connection.callOptions
        let folder = URL(fileURLWithPath: out)
        let (written, cents) = try await connection.withClient { client in
            var written = 0, cents: Int64 = 0
            for try await page in try await client.client(ReportingV1.Client.self).listStatements(request, options: options) {
                for statement in page.statements {
                    let file = folder.appendingPathComponent("\(statement.accountNumber)-\(statement.period).html")
                    try Data(statement.html.utf8).write(to: file)
                    written += 1
                    cents += statement.totalDueCents
                    if !connection.json { print("\(file.path)  \(Dollars.signed(statement.totalDueCents))") }
                }
            }
            return (written, cents)
        }
        if connection.json { Output.json(["statements": written, "total_due_cents": cents, "out": out]) }
        else { print("\(written) statement(s) written to \(out), total due \(Dollars.signed(cents))") }
    }
}
