import ArgumentParser
import SettleClient
import SettleContracts

/// `settle agreement list`: agreements by account, premise, cycle, status, service or class,
/// or those in service during a period.
struct AgreementList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List agreements by account, premise, cycle, status, service, rate class or service period.",
        discussion: "Filters combine. Pages of --page-size; pass the printed --page-token for the next page, or --all for every page.")

    @Option(name: .long, help: "Account number.") var account: String?
    @Option(name: .long, help: "Premise id.") var premise: String?
    @Option(name: .long, help: "Bill cycle 1–20.") var cycle: UInt32?
    @Option(name: .long, help: "active, pending_final or final (repeatable).") var status: [String] = []
    @Option(name: .long, help: "Service type, e.g. electric.") var service: String?
    @Option(name: .long, help: "Rate class, e.g. residential.") var rateClass: String?
    @Option(name: .long, help: "In service on some day from this one (with --to), YYYY-MM-DD.") var from: String?
    @Option(name: .long, help: "… through this one, YYYY-MM-DD.") var to: String?
    @Option(name: .long, help: "Agreements per page (at most 10,000).") var pageSize: UInt32 = 100
    @Option(name: .long, help: "Continue after a previous page.") var pageToken: String?
    @Flag(name: .long, help: "Fetch every page.") var all = false
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if (from == nil) != (to == nil) { throw ValidationError("give both --from and --to, or neither") }
    }

    func run() async throws {
        var request = Settle_Accounts_V1_ListServiceAgreementsRequest()
        request.accountNumber = account ?? ""
        request.premiseID = premise ?? ""
        request.billCycle = cycle ?? 0
        request.statuses = status
        request.serviceType = service ?? ""
        request.rateClass = rateClass ?? ""
        request.inServiceFrom = from ?? ""
        request.inServiceTo = to ?? ""
        request.pageSize = pageSize
        request.pageToken = pageToken ?? ""
        let fetchAll = all
        let (agreements, next) = try await connection.withClient { client in
            let accounts = client.client(AccountsV1.Client.self)
            return try await Pages.collect(request, all: fetchAll, token: \.pageToken) { page in
                let response = try await accounts.listServiceAgreements(page, options: connection.callOptions)
                return (response.agreements, response.nextPageToken)
            }
        }
        if connection.json {
            var response = Settle_Accounts_V1_ListServiceAgreementsResponse()
            response.agreements = agreements
            response.nextPageToken = next
            return try Output.message(response)
        }
        Output.table(AgreementFormat.header, agreements.map(AgreementFormat.row))
        print("\(agreements.count) agreement\(agreements.count == 1 ? "" : "s")" + (next.isEmpty ? "" : "; more: --page-token \(next)"))
    }
}
