import ArgumentParser
import SettleClient
import SettleContracts

/// `settle agreement start`: a new service at a premise on an account that already exists (a
/// move-in does the account and its agreements at once; this adds, say, water later).
struct AgreementStart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start a service agreement on an existing account.")

    @Option(name: .long, help: "Account number, e.g. 100001.") var account: String
    @Option(name: .long, help: "Premise id.") var premise: String
    @Option(name: .long, help: "electric, water, wastewater, solid_waste or gas.") var service: String
    @Option(name: .long, help: "The tariff's code in Rating, e.g. RES-1.") var rate: String
    @Option(name: .long, help: "Rate class, e.g. residential.") var rateClass: String
    @Option(name: .long, help: "First day of service, YYYY-MM-DD.") var date: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_StartServiceAgreementRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.accountNumber = account
        request.premiseID = premise
        request.serviceType = service
        request.rateSchedule = rate
        request.rateClass = rateClass
        request.startDate = date
        let response = try await mutation.send(connection) { try await $0.client(AccountsV1.Client.self).startServiceAgreement(request, options: $1) }
        try AgreementFormat.show(response, heading: "started agreement \(response.agreement.id)  [idempotency key \(request.idempotencyKey)]", connection: connection)
    }
}
