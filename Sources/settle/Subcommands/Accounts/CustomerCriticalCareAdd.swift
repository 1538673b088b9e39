import ArgumentParser
import SettleClient
import SettleContracts

struct CustomerCriticalCareAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Record a certification, in force from --from through --to.")

    @Argument(help: "The customer's id.") var customer: String
    @Option(name: .long, help: "Who certified it, e.g. \"Dr. A. Osei, Mercy Clinic\".") var certifiedBy: String
    @Option(name: .long, help: "First day in force, YYYY-MM-DD.") var from: String
    @Option(name: .long, help: "Last day in force, YYYY-MM-DD (certifications must be renewed).") var to: String
    @Option(name: .long, help: "A note.") var note = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_AddCriticalCareCertificationRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.customerID = customer
        request.certifiedBy = certifiedBy
        request.effectiveDate = from
        request.expiryDate = to
        request.note = note
        let response = try await mutation.send(connection) { try await $0.client(AccountsV1.Client.self).addCriticalCareCertification(request, options: $1) }
        try CustomerProtectionsFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}
