import ArgumentParser
import SettleClient
import SettleContracts

struct CustomerCriticalCareEnd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "end", abstract: "End a certification early (its new last day).")

    @Argument(help: "The customer's id.") var customer: String
    @Argument(help: "The certification's id.") var id: UInt64
    @Option(name: .long, help: "The new last day, YYYY-MM-DD.") var date: String
    @Option(name: .long, help: "Why it ended.") var why = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_EndCriticalCareCertificationRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "critical-care-end-\(customer)-\(id)"
        request.customerID = customer
        request.certificationID = id
        request.endDate = date
        request.endedReason = why
        let response = try await mutation.send(connection) { try await $0.client(AccountsV1.Client.self).endCriticalCareCertification(request, options: $1) }
        try CustomerProtectionsFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}
