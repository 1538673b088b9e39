import ArgumentParser
import SettleClient
import SettleContracts

/// `settle premise update ID`: corrects a premise's address, weather zone or type (the zone
/// decides which weather holds stop its disconnection).
struct PremiseUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a premise's service address, weather zone or type (only the fields given change).")

    @Argument(help: "Premise id.") var id: String
    @Option(name: .long, help: "Service address line 1.") var line1: String?
    @Option(name: .long) var line2: String?
    @Option(name: .long) var city: String?
    @Option(name: .long, help: "Two-letter state code.") var state: String?
    @Option(name: .long, help: "ZIP or ZIP+4.") var zip: String?
    @Option(name: .long, help: "Weather zone, e.g. north.") var zone: String?
    @Option(name: .long, help: "residential, multi_family, commercial, industrial, agricultural, lighting or municipal.") var type: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_UpdatePremiseRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.premiseID = id
        if let zone { request.weatherZone = zone }
        if let type { request.premiseType = type }
        let options = mutation.callOptions(connection)
        let lines = (line1, line2, city, state, zip)
        let changesAddress = [line1, line2, city, state, zip].contains { $0 != nil }
        let response = try await connection.withClient { client in
            let accounts = client.client(AccountsV1.Client.self)
            var request = request
            if changesAddress {
                // The contract replaces the address whole; keep the lines the flags do not change.
                var get = Settle_Accounts_V1_GetPremiseRequest()
                get.premiseID = request.premiseID
                let current = try await accounts.getPremise(get, options: connection.callOptions).premise.serviceAddress
                request.serviceAddress = AccountsFormat.merged(current, line1: lines.0, line2: lines.1, city: lines.2, state: lines.3, zip: lines.4)
            }
            return try await accounts.updatePremise(request, options: options)
        }
        if connection.json { return try Output.message(response) }
        let premise = response.premise
        print("premise \(premise.id) \(AccountsFormat.oneLine(premise.serviceAddress)) zone \(premise.weatherZone) \(premise.premiseType)  [idempotency key \(request.idempotencyKey)]")
    }
}
