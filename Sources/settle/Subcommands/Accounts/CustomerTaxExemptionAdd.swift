import ArgumentParser
import SettleClient
import SettleContracts

struct CustomerTaxExemptionAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Record an exemption certificate for one tax.")

    @Argument(help: "The customer's id.") var customer: String
    @Option(name: .long, help: "The tax, lower-case kebab, e.g. sales-tax.") var tax: String
    @Option(name: .long, help: "The certificate's number.") var certificate: String
    @Option(name: .long, help: "First day in force, YYYY-MM-DD.") var from: String
    @Option(name: .long, help: "Last day in force, YYYY-MM-DD (default: until ended).") var to: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_AddTaxExemptionRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.customerID = customer
        request.taxType = tax
        request.certificateNumber = certificate
        request.effectiveDate = from
        request.expiryDate = to ?? ""
        let response = try await mutation.send(connection) { try await $0.client(AccountsV1.Client.self).addTaxExemption(request, options: $1) }
        try CustomerProtectionsFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}
