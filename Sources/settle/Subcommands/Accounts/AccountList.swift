import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle account list`: accounts by cycle, rate class, status, customer or premise.
struct AccountList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List accounts, filtered by cycle, rate class, status, customer or premise.",
        discussion: "Filters combine. Pages of --page-size; pass the printed --page-token for the next page, or --all for every page."
    )

    @Option(name: .long, help: "Bill cycle 1–20.")
    var cycle: UInt32?

    @Option(name: .long, help: "Rate class of an active or pending-final agreement, e.g. residential.")
    var rateClass: String?

    @Option(name: .long, help: "active, final or closed.")
    var status: String?

    @Option(name: .long, help: "Customer id, e.g. C000001.")
    var customer: String?

    @Option(name: .long, help: "Premise id: accounts that ever had service there.")
    var premise: String?

    @Option(name: .long, help: "Accounts per page (at most 10,000).")
    var pageSize: UInt32 = 100

    @Option(name: .long, help: "Continue after a previous page.")
    var pageToken: String?

    @Flag(name: .long, help: "Fetch every page.")
    var all = false

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_ListAccountsRequest()
        request.billCycle = cycle ?? 0
        request.rateClass = rateClass ?? ""
        request.status = status ?? ""
        request.customerID = customer ?? ""
        request.premiseID = premise ?? ""
        request.pageSize = pageSize
        request.pageToken = pageToken ?? ""
        let fetchAll = all
        let (accounts, next) = try await connection.withClient { client in
            let accountsClient = client.client(AccountsV1.Client.self)
            return try await Pages.collect(request, all: fetchAll, token: \.pageToken) { page in
                let response = try await accountsClient.listAccounts(page, options: connection.callOptions)
                return (response.accounts, response.nextPageToken)
            }
        }
        if connection.json {
            var response = Settle_Accounts_V1_ListAccountsResponse()
            response.accounts = accounts
            response.nextPageToken = next
            return try Output.message(response)
        }
        Output.table(["NUMBER", "CUSTOMER", "NAME", "STATUS", "CYCLE", "ACTIVE", "DEPOSIT", "OPENED"], accounts.map {
            [$0.number, $0.customerID, $0.customerName, $0.status, "\($0.billCycle)", "\($0.activeAgreements)", Dollars.signed($0.depositCents), $0.openedDate]
        })
        print("\(accounts.count) account\(accounts.count == 1 ? "" : "s")" + (next.isEmpty ? "" : "; more: --page-token \(next)"))
    }
}
