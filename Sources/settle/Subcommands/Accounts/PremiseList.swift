import ArgumentParser
import SettleClient
import SettleContracts

/// `settle premise list`: premises by weather zone and vacancy, e.g. the vacant premises of a
/// zone to check for use on vacant premises.
struct PremiseList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List premises, filtered by weather zone and vacancy.",
        discussion: "Pages of --page-size; pass the printed --page-token for the next page, or --all for every page.")

    @Option(name: .long, help: "Weather zone, e.g. north.") var zone: String?
    @Flag(name: .long, help: "Only vacant premises.") var vacant = false
    @Flag(name: .long, help: "Only occupied premises.") var occupied = false
    @Option(name: .long, help: "Premises per page (at most 10,000).") var pageSize: UInt32 = 100
    @Option(name: .long, help: "Continue after a previous page.") var pageToken: String?
    @Flag(name: .long, help: "Fetch every page.") var all = false
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if vacant && occupied { throw ValidationError("--vacant and --occupied exclude each other") }
    }

    func run() async throws {
        var request = Settle_Accounts_V1_ListPremisesRequest()
        request.weatherZone = zone ?? ""
        if vacant { request.vacant = true }
        if occupied { request.vacant = false }
        request.pageSize = pageSize
        request.pageToken = pageToken ?? ""
        let fetchAll = all
        let (premises, next) = try await connection.withClient { client in
            let accounts = client.client(AccountsV1.Client.self)
            return try await Pages.collect(request, all: fetchAll, token: \.pageToken) { page in
                let response = try await accounts.listPremises(page, options: connection.callOptions)
                return (response.premises, response.nextPageToken)
            }
        }
        if connection.json {
            var response = Settle_Accounts_V1_ListPremisesResponse()
            response.premises = premises
            response.nextPageToken = next
            return try Output.message(response)
        }
        Output.table(["PREMISE", "SERVICE ADDRESS", "ZONE", "TYPE", "OCCUPANCY"], premises.map {
            [$0.id, AccountsFormat.oneLine($0.serviceAddress), $0.weatherZone, $0.premiseType, $0.vacant ? "vacant" : "occupied"]
        })
        print("\(premises.count) premise\(premises.count == 1 ? "" : "s")" + (next.isEmpty ? "" : "; more: --page-token \(next)"))
    }
}
