import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections notices list --account N`.
struct CollectionsNoticesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "An account's past-due and disconnect notices, newest first.")

    @Option(name: .long, help: "Account number.") var account: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_ListNoticesRequest()
        request.accountNumber = account
        let response = try await connection.withClient {
            try await $0.client(CollectionsV1.Client.self).listNotices(request, options: connection.callOptions)
        }
        if connection.json { return try Output.message(response) }
        Output.table(["NOTICE", "KIND", "ISSUED", "PAST DUE", "OLDEST DUE", "DISCONNECT ON"], response.notices.map {
            ["\($0.id)", $0.kind, $0.issuedDate, Dollars.signed($0.pastDueCents), $0.oldestDueDate, $0.disconnectDate]
        })
    }
}
