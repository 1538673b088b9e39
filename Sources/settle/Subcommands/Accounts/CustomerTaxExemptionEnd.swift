import ArgumentParser
import SettleClient
import SettleContracts

struct CustomerTaxExemptionEnd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "end", abstract: "End an exemption (its new last day).")

    @Argument(help: "The customer's id.") var customer: String
    @Argument(help: "The exemption's id.") var id: UInt64
    @Option(name: .long, help: "The new last day, YYYY-MM-DD.") var date: String
    @Option(name: .long, help: "Why it ended.") var why = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_EndTaxExemptionRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "tax-exemption-end-\(customer)-\(id)"
        request.customerID = customer
        request.exemptionID = id
        request.endDate = date
        request.endedReason = why
        let response = try await mutation.send(connection) { try await $0.client(AccountsV1.Client.self).endTaxExemption(request, options: $1) }
        try CustomerProtectionsFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}
