import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections dispute open --account N --amount 150.00 [--date D] [--description T]`.
struct CollectionsDisputeOpen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open a dispute on an amount of an account.")

    @Option(name: .long, help: "Account number.") var account: String
    @Option(name: .long, help: "The disputed amount in dollars, e.g. 150.00.") var amount: String
    @Option(name: .long, help: "The day it was opened, YYYY-MM-DD (default: today).") var date: String?
    @Option(name: .long, help: "What the customer disputes.") var description = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        _ = try CollectionsFormat.amount(amount, option: "--amount")
    }

    func run() async throws {
        var request = Settle_Collections_V1_OpenDisputeRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.accountNumber = account
        request.amountCents = try CollectionsFormat.amount(amount, option: "--amount")
        request.openedDate = date ?? ""
        request.description_p = description
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).openDispute(request, options: $1) }
        if connection.json { return try Output.message(response) }
        let dispute = response.dispute
        print("dispute \(dispute.id) on account \(dispute.accountNumber): \(Dollars.signed(dispute.amountCents)) opened \(dispute.openedDate)  [idempotency key \(request.idempotencyKey)]")
    }
}
