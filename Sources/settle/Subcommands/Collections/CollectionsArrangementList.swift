import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections arrangement list --account N [--as-of D]`.
struct CollectionsArrangementList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "An account's arrangements and their standing as of a day, newest first.")

    @Option(name: .long, help: "Account number.") var account: String
    @Option(name: .long, help: "As of this date, YYYY-MM-DD (default: today).") var asOf: String?
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_ListCasesRequest()
        request.accountNumber = account
        request.asOf = asOf ?? ""
        let response = try await connection.withClient {
            try await $0.client(CollectionsV1.Client.self).listArrangements(request, options: connection.callOptions)
        }
        if connection.json { return try Output.message(response) }
        Output.table(["ARRANGEMENT", "START", "TOTAL", "INSTALLMENTS", "STATUS", "BROKEN ON", "PAID TOWARD"], response.arrangements.map {
            ["\($0.id)", $0.startDate, Dollars.signed($0.totalCents), "\($0.installments)", $0.status, Cell.dash($0.brokenOn),
             Dollars.signed($0.paidTowardCents)]
        })
    }
}
