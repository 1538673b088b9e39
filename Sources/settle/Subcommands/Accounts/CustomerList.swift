import ArgumentParser
import SettleClient
import SettleContracts

/// `settle customer list`: find a customer by part of the name, to get the id the other
/// commands take.
struct CustomerList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List customers, optionally those whose name contains some text (case-insensitive).",
        discussion: "Pages of --page-size; pass the printed --page-token for the next page, or --all for every page.")

    @Option(name: .long, help: "Text the name contains, any case.") var name: String?
    @Option(name: .long, help: "Customers per page (at most 1,000).") var pageSize: UInt32 = 100
    @Option(name: .long, help: "Continue after a previous page.") var pageToken: String?
    @Flag(name: .long, help: "Fetch every page.") var all = false
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_ListCustomersRequest()
        request.nameContains = name ?? ""
        request.pageSize = pageSize
        request.pageToken = pageToken ?? ""
        let fetchAll = all
        let (customers, next) = try await connection.withClient { client in
            let accounts = client.client(AccountsV1.Client.self)
            return try await Pages.collect(request, all: fetchAll, token: \.pageToken) { page in
                let response = try await accounts.listCustomers(page, options: connection.callOptions)
                return (response.customers, response.nextPageToken)
            }
        }
        if connection.json {
            var response = Settle_Accounts_V1_ListCustomersResponse()
            response.customers = customers
            response.nextPageToken = next
            return try Output.message(response)
        }
        Output.table(["ID", "NAME", "KIND", "PHONE", "ACCOUNTS", "FLAGS"], customers.map {
            [$0.id, $0.name, $0.kind, Cell.dash($0.contact.phone), Cell.dash($0.accountNumbers.joined(separator: " ")), Cell.dash($0.flags.joined(separator: " "))]
        })
        print("\(customers.count) customer\(customers.count == 1 ? "" : "s")" + (next.isEmpty ? "" : "; more: --page-token \(next)"))
    }
}
