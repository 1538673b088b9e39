import ArgumentParser
import SettleClient
import SettleContracts

struct AgreementShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one agreement with its account, premise, rate and status.")

    @Argument(help: "Agreement id.") var id: UInt64
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_GetServiceAgreementRequest()
        request.agreementID = id
        let response = try await connection.withClient { try await $0.client(AccountsV1.Client.self).getServiceAgreement(request, options: connection.callOptions) }
        try AgreementFormat.show(response, heading: nil, connection: connection)
    }
}
