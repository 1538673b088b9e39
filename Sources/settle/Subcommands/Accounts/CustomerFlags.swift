import ArgumentParser
import SettleClient
import SettleContracts

/// `settle customer flags ID --add F --remove F`: the free flags a utility puts on customers
/// (e.g. `no-phone-calls`), shown on the account screen.
struct CustomerFlags: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "flags", abstract: "Add or remove a customer's free flags.")

    @Argument(help: "Customer id, e.g. C000001.") var id: String
    @Option(name: .long, help: "A flag to add (repeatable).") var add: [String] = []
    @Option(name: .long, help: "A flag to remove (repeatable).") var remove: [String] = []
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard !add.isEmpty || !remove.isEmpty else { throw ValidationError("give at least one --add or --remove flag") }
    }

    func run() async throws {
        var request = Settle_Accounts_V1_SetCustomerFlagsRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.customerID = id
        request.add = add
        request.remove = remove
        let response = try await mutation.send(connection) { try await $0.client(AccountsV1.Client.self).setCustomerFlags(request, options: $1) }
        try CustomerEditFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}
