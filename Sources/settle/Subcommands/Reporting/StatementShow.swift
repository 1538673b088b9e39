import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleDomain

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
        if connection.json { return print(try Output.compactJSON(statement)) }
        for line in Self.text(statement) { print(line) }
    }

    /// The statement as a terminal table.
    static func text(_ s: Settle_Reporting_V1_Statement) -> [String] {
        var lines = ["statement \(s.accountNumber) \(s.customerName), period \(s.period), dated \(s.statementDate)", s.mailingAddress, ""]
        let money: [(String, Int64)] = [("previous balance", s.previousBalanceCents), ("payments", s.paymentsCents),
                                        ("other charges and credits", s.adjustmentsCents), ("new charges", s.newChargesCents),
                                        ("total due by \(s.dueDate)", s.totalDueCents)]
        lines += money.map { $0.0.padding(toLength: 28, withPad: " ", startingAt: 0) + Dollars.signed($0.1) }
        lines.append("")
        for service in s.services {
            lines.append("\(service.serviceType) \(service.billID) \(service.periodStart) → \(service.periodEnd) \(service.usage)\(service.estimated ? " (estimated)" : "") \(service.status): \(Dollars.signed(service.amountCents))")
            lines += service.lines.map { "    \($0.description_p.padding(toLength: 40, withPad: " ", startingAt: 0)) \(Dollars.signed($0.amountCents))" }
        }
        lines += s.programs.map { "program: \($0.description_p)" }
        lines += s.messages.map { "message: \($0)" }
        lines.append(s.tiesToLedger ? "ties to the ledger" : "DOES NOT TIE to the ledger")
        return lines
    }
}
