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

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "All of it: the split, the claim, post-petition debt, assurance, outcome.")
        @OptionGroup var options: Options
        func run() async throws {
            let view = try await options.view()
            if options.connection.json { return try AccountsFormat.printJSON(view) }
            if options.csv { return RefundsFormat.printCSV(RefundsFormat.claimHeaders, RefundsFormat.claimRows(view.claimLines + view.postPetitionLines)) }
            RefundsFormat.bankruptcy(view)
        }
    }

    struct Claim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "claim", abstract: "The pre-petition claim and the bills behind it, for the proof of claim.")
        @OptionGroup var options: Options
        func run() async throws {
            let view = try await options.view()
            if options.connection.json { return try AccountsFormat.printJSON(view) }
            if options.csv { return RefundsFormat.printCSV(RefundsFormat.claimHeaders, RefundsFormat.claimRows(view.claimLines)) }
            RefundsFormat.bankruptcy(view, claimOnly: true)
        }
    }

    struct Assurance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "assurance", abstract: "The adequate-assurance deposit and its due date; --request bills it.")
        @OptionGroup var options: Options
        @Flag(name: .long, help: "Bill the deposit on the customer's account (once per case).") var request = false
        @OptionGroup var mutation: MutationOptions

        func run() async throws {
            var view: Settle_Refunds_V1_BankruptcyView
            if request {
                let message = Settle_Refunds_V1_RequestAssuranceRequest.with {
                    $0.idempotencyKey = mutation.idempotencyKey ?? "assurance-\(options.caseNumber)"
                    $0.caseNumber = options.caseNumber
                    $0.accountNumber = options.account ?? ""
                }
                let callOptions = mutation.callOptions(options.connection)
                view = try await options.connection.withClient { try await $0.client(RefundsV1.Client.self).requestAssurance(message, options: callOptions) }
            } else {
                view = try await options.view()
            }
            if options.connection.json { return try AccountsFormat.printJSON(view) }
            RefundsFormat.bankruptcy(view, assuranceOnly: true)
        }
    }
}
