import ArgumentParser
import Foundation
import SettleContracts

/// `settle statement …`: the customer's statement, one per account and period.
struct StatementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "The customer's statement covering every service: show one, or write a cycle's as files.",
        subcommands: [StatementShow.self, StatementRender.self])
}

/// `settle statement show ACCOUNT --period P [--json | --html]`.
struct StatementShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One account's statement for a period.")

    @Argument(help: "Account number.") var account: String
    @Option(name: .long, help: "Billing period, YYYY-MM.") var period: String
    @Flag(name: .long, help: "Print the statement as one self-contained HTML document.") var html = false
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if html && connection.json { throw ValidationError("choose one of --json and --html") }
    }

    func run() async throws {
        var request = Settle_Reporting_V1_GetStatementRequest()
        request.accountNumber = account
        request.period = period
        request.html = html
        let options = connection.callOptions
        let statement = try await connection.withClient { try await $0.client(ReportingV1.Client.self).getStatement(request, options: options) }
        if html { return print(statement.html) }
        if connection.json { return print(try ReportingFormat.json(statement)) }
        for line in Self.text(statement) { print(line) }
    }

    /// The statement as a terminal table.
    static func text(_ s: Settle_Reporting_V1_Statement) -> [String] {
        var lines = ["statement \(s.accountNumber) \(s.customerName), period \(s.period), dated \(s.statementDate)", s.mailingAddress, ""]
        let money: [(String, Int64)] = [("previous balance", s.previousBalanceCents), ("payments", s.paymentsCents),
                                        ("other charges and credits", s.adjustmentsCents), ("new charges", s.newChargesCents),
                                        ("total due by \(s.dueDate)", s.totalDueCents)]
        lines += money.map { $0.0.padding(toLength: 28, withPad: " ", startingAt: 0) + AccountsFormat.dollars($0.1) }
        lines.append("")
        for service in s.services {
            lines.append("\(service.serviceType) \(service.billID) \(service.periodStart) → \(service.periodEnd) \(service.usage)\(service.estimated ? " (estimated)" : "") \(service.status): \(AccountsFormat.dollars(service.amountCents))")
            lines += service.lines.map { "    \($0.description_p.padding(toLength: 40, withPad: " ", startingAt: 0)) \(AccountsFormat.dollars($0.amountCents))" }
        }
        lines += s.programs.map { "program: \($0.description_p)" }
        lines += s.messages.map { "message: \($0)" }
        lines.append(s.tiesToLedger ? "ties to the ledger" : "DOES NOT TIE to the ledger")
        return lines
    }
}

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
                    if !connection.json { print("\(file.path)  \(AccountsFormat.dollars(statement.totalDueCents))") }
                }
            }
            return (written, cents)
        }
        if connection.json { Output.json(["statements": written, "total_due_cents": cents, "out": out]) }
        else { print("\(written) statement(s) written to \(out), total due \(AccountsFormat.dollars(cents))") }
    }
}
