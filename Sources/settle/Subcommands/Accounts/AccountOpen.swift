import ArgumentParser
import SettleClient
import SettleContracts

/// `settle account open`: an account for a customer without service yet (move-in opens one
/// itself; this is for a customer who is set up before the premise is known).
struct AccountOpen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open an account for a customer on a bill cycle.")

    @Option(name: .long, help: "Customer id, e.g. C000001.") var customer: String
    @Option(name: .long, help: "Bill cycle 1–20.") var cycle: UInt32
    @Option(name: .long, help: "The day it opens, YYYY-MM-DD.") var date: String
    @Option(name: .long, help: "Deposit held or required, in dollars, e.g. 125.00.") var deposit: String?
    @OptionGroup var mail: MailingAddressOptions
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_OpenAccountRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.customerID = customer
        request.billCycle = cycle
        request.openedDate = date
        if let deposit { request.depositCents = try AccountEditFormat.cents(deposit, field: "--deposit") }
        if let address = mail.address {
            request.mailingAddress = address
        }
        let response = try await mutation.send(connection) { try await $0.client(AccountsV1.Client.self).openAccount(request, options: $1) }
        try AccountEditFormat.show(response, verb: "opened", connection: connection, key: request.idempotencyKey)
    }
}
