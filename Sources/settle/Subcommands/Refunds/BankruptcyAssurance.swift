import ArgumentParser
import SettleClient
import SettleContracts
import SwiftProtobuf

extension BankruptcyCommand {
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
            if options.connection.json { return try Output.message(view) }
            RefundsFormat.bankruptcy(view, assuranceOnly: true)
        }
    }
}
