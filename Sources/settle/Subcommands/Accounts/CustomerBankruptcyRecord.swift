import ArgumentParser
import SettleClient
import SettleContracts

struct CustomerBankruptcyRecord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "record", abstract: "Record a case filed on a petition date.")

    @Argument(help: "The customer's id.") var customer: String
    @Option(name: .long, help: "The court's case number.") var caseNumber: String
    @Option(name: .long, help: "Chapter 7, 11, 12 or 13.") var chapter: UInt32
    @Option(name: .long, help: "The petition date, YYYY-MM-DD.") var petition: String
    @Option(name: .long, help: "The court.") var court = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_RecordBankruptcyCaseRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "bankruptcy-\(customer)-\(caseNumber)"
        request.customerID = customer
        request.caseNumber = caseNumber
        request.chapter = chapter
        request.petitionDate = petition
        request.court = court
        let response = try await mutation.send(connection) { try await $0.client(AccountsV1.Client.self).recordBankruptcyCase(request, options: $1) }
        try CustomerProtectionsFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}
