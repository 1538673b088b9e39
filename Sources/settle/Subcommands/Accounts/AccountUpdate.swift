import ArgumentParser
import SettleClient
import SettleContracts

/// `settle account update N`: the account's bill cycle, mailing address or deposit.
struct AccountUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change an account's bill cycle, mailing address or deposit (only the fields given change).")

    @Argument(help: "Account number, e.g. 100001.") var number: String
    @Option(name: .long, help: "Bill cycle 1–20.") var cycle: UInt32?
    @Option(name: .long, help: "Deposit held or required, in dollars, e.g. 125.00.") var deposit: String?
    @OptionGroup var mail: MailingAddressOptions
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_UpdateAccountRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.accountNumber = number
        if let cycle { request.billCycle = cycle }
        if let deposit { request.depositCents = try AccountEditFormat.cents(deposit, field: "--deposit") }
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { client in
            let accounts = client.client(AccountsV1.Client.self)
            var request = request
            if mail.isGiven {
                // The contract replaces the address whole; keep the lines the flags do not change.
                var get = Settle_Accounts_V1_GetAccountRequest()
                get.accountNumber = request.accountNumber
                let current = try await accounts.getAccount(get, options: connection.callOptions).account.mailingAddress
                request.mailingAddress = mail.merged(into: current)
            }
            return try await accounts.updateAccount(request, options: options)
        }
        try AccountEditFormat.show(response, verb: "updated", connection: connection, key: request.idempotencyKey)
    }
}
