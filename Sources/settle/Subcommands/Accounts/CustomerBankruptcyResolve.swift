import ArgumentParser
import SettleClient
import SettleContracts

struct CustomerBankruptcyResolve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Resolve a case: discharged, dismissed or closed; the stay ends that day.")

    @Argument(help: "The customer's id.") var customer: String
    @Argument(help: "The case's id.") var id: UInt64
    @Argument(help: "discharged, dismissed or closed.") var outcome: String
    @Option(name: .long, help: "The day it was resolved, YYYY-MM-DD.") var date: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_ResolveBankruptcyCaseRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "bankruptcy-resolve-\(customer)-\(id)"
        request.customerID = customer
        request.caseID = id
        request.outcome = outcome
        request.resolvedDate = date
        let response = try await mutation.send(connection) { try await $0.client(AccountsV1.Client.self).resolveBankruptcyCase(request, options: $1) }
        try CustomerProtectionsFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}
