import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections pledge list --account N`.
struct CollectionsPledgeList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "An account's pledges, newest first.")

    @Option(name: .long, help: "Account number.") var account: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_ListPledgesRequest()
        request.accountNumber = account
        let response = try await connection.withClient {
            try await $0.client(CollectionsV1.Client.self).listPledges(request, options: connection.callOptions)
        }
        if connection.json { return try Output.message(response) }
        Output.table(["PLEDGE", "AGENCY", "AMOUNT", "PLEDGED", "EXPIRES", "STATUS", "RESOLVED", "PAYMENT"], response.pledges.map {
            ["\($0.id)", $0.agency, Dollars.signed($0.amountCents), $0.pledgedDate, $0.expiryDate, $0.status, $0.resolvedDate, $0.paymentReference]
        })
    }
}
