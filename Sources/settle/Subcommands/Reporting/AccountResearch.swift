import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle account research N [--months 24] [--as-of D] [--csv | --json | --html]`.
struct AccountResearch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "research",
        abstract: "An account's history for a dispute: reads, bills with lines, payments and returns, notices, disputes, holds, arrangements, enrolments, audit records.",
        discussion: "--html prints one self-contained document with a usage chart (kWh or gallons by month, this year against last, estimated months marked).")

    @Argument(help: "Account number.") var account: String
    @Option(name: .long, help: "Months back from --as-of (default 24, at most 60).") var months: UInt32 = 24
    @Option(name: .long, help: "The last day covered, YYYY-MM-DD (default today).") var asOf: String?
    @OptionGroup var format: ReportFormatOptions
    @OptionGroup var connection: ConnectionOptions

    static let csvHeader = ["date", "kind", "source", "reference", "description", "quantity", "status", "amount_cents"]

    func validate() throws {
        try format.validate(json: connection.json)
        guard (1...60).contains(months) else { throw ValidationError("--months \(months) is not 1–60") }
    }

    func run() async throws {
        var request = Settle_Reporting_V1_GetAccountResearchRequest()
        request.accountNumber = account
        request.months = months
        request.asOf = asOf ?? ""
        request.html = format.html
        let options = connection.callOptions
        let research = try await connection.withClient { try await $0.client(ReportingV1.Client.self).getAccountResearch(request, options: options) }
        if format.html { return print(research.html) }
        if connection.json {
            var plain = research
            plain.html = ""
            return print(try Output.compactJSON(plain))
        }
        if format.csv {
            print(CSVText.line(Self.csvHeader))
            for event in research.events {
                print(CSVText.line([event.date, event.kind, event.source, event.reference, event.description_p, event.quantity, event.status, "\(event.amountCents)"]))
            }
            return
        }
        print("account \(research.accountNumber) \(research.customerName): \(research.fromDate) to \(research.toDate), balance \(Dollars.signed(research.balanceCents)), past due \(Dollars.signed(research.pastDueCents))")
        for alert in research.alerts { print("alert: \(alert)") }
        Output.table(["MONTH", "UNIT", "USE", "ESTIMATED"], research.usage.map { [$0.month, $0.unit, "\($0.quantity)", $0.estimated ? "yes" : ""] })
        print("")
        Output.table(["DATE", "KIND", "SOURCE", "REFERENCE", "QUANTITY", "STATUS", "AMOUNT", "DESCRIPTION"], research.events.map {
            [$0.date, $0.kind, $0.source, $0.reference, $0.quantity, $0.status, $0.amountCents == 0 ? "" : Dollars.signed($0.amountCents), $0.description_p]
        })
    }
}
