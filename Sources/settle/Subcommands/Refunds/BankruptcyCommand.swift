import ArgumentParser
import SettleClient
import SettleContracts
import SwiftProtobuf

/// `settle bankruptcy show|claim|assurance CASE`.
struct BankruptcyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bankruptcy",
        abstract: "A bankruptcy case's split at the petition date, pre-petition claim, adequate-assurance deposit and outcome.",
        subcommands: [Show.self, Claim.self, Assurance.self])

    struct Options: ParsableArguments {
        @Argument(help: "The case number.") var caseNumber: String
        @Option(name: .long, help: "An account of the customer (only for a joint case recorded for several customers).") var account: String?
        @Option(name: .long, help: "YYYY-MM-DD (default today).") var asOf: String?
        @Flag(name: .long, help: "Print CSV of the claim lines.") var csv = false
        @OptionGroup var connection: ConnectionOptions

        func view() async throws -> Settle_Refunds_V1_BankruptcyView {
            let request = Settle_Refunds_V1_GetBankruptcyRequest.with { $0.caseNumber = caseNumber; $0.accountNumber = account ?? ""; $0.asOf = asOf ?? "" }
            let options = connection.callOptions
            return try await connection.withClient { try await $0.client(RefundsV1.Client.self).getBankruptcy(request, options: options) }
        }
    }
}
