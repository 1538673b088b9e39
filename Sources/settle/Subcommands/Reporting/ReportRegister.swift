import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleDomain
import SettleRPC

/// `settle report register --cycle N --period P [--csv | --json | --html]`.
struct ReportRegister: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "The billing register of a cycle and period, every agreement's outcome, tied to the charges Collections posted.",
        discussion: """
            Rows stream as the host works them out; the summary comes last: counts that add up to \
            the agreements in the cycle, totals by component, and every bill whose ledger charges \
            differ. --cycle 0 is every cycle of the period. Exits 1 when the register does not tie.
            """)

    @Option(name: .long, help: "Bill cycle 1–20, or 0 for every cycle.") var cycle: UInt32
    @Option(name: .long, help: "Billing period, YYYY-MM.") var period: String
    @OptionGroup var format: ReportFormatOptions
    @OptionGroup var connection: ConnectionOptions

    static let csvHeader = ["cycle", "agreement_id", "account_number", "service_type", "rate_class", "status", "bill_id", "reason", "bill_cents", "ledger_cents"]
    static let tableHeader = ["CYCLE", "AGREEMENT", "ACCOUNT", "SERVICE", "CLASS", "STATUS", "BILL", "BILL $", "LEDGER $", "REASON"]

    func validate() throws {
        try format.validate(json: connection.json)
        guard cycle <= 20 else { throw ValidationError("--cycle \(cycle) is not a bill cycle 1–20 (or 0 for every cycle)") }
        guard YearMonth(period) != nil else { throw ValidationError("--period '\(period)' is not YYYY-MM") }
    }

    func run() async throws {
        var request = Settle_Reporting_V1_GetBillingRegisterRequest()
        request.cycle = cycle
        request.period = period
        let options = connection.callOptions
        let printer = RegisterPrinter(mode: connection.json ? .json : format.csv ? .csv : format.html ? .html : .table)
        printer.begin(cycle: cycle, period: period)
        let summary = try await connection.withClient { client in
            var summary = Settle_Reporting_V1_RegisterSummary()
            for try await page in try await client.client(ReportingV1.Client.self).getBillingRegister(request, options: options) {
                for row in page.rows { try printer.row(row) }
                if page.last { summary = page.summary }
            }
            return summary
        }
        try printer.end(summary)
        if !summary.tiesToLedger || !summary.countsTie { throw ExitCode(1) }
    }
}
