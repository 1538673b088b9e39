import ArgumentParser
import SettleClient
import SettleContracts

/// `settle premise add`: a service address, vacant until a move-in.
struct PremiseAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a premise (service address, weather zone, type).")

    @Option(name: .long, help: "The utility's own premise number (default: assigned, like P000001).")
    var id: String?

    @Option(name: .long, help: "Service address line 1.")
    var line1: String
    @Option(name: .long) var line2: String?
    @Option(name: .long) var city: String
    @Option(name: .long, help: "Two-letter state code.") var state: String
    @Option(name: .long, help: "ZIP or ZIP+4.") var zip: String

    @Option(name: .long, help: "Weather zone, e.g. north.")
    var zone: String

    @Option(name: .long, help: "residential, multi_family, commercial, industrial, agricultural, lighting or municipal.")
    var type: String = "residential"

    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_CreatePremiseRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.premiseID = id ?? ""
        if let address = AccountsFormat.address(line1: line1, line2: line2, city: city, state: state, zip: zip) {
            request.serviceAddress = address
        }
        request.weatherZone = zone
        request.premiseType = type
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { client in
            try await client.client(AccountsV1.Client.self).createPremise(request, options: options)
        }
        if connection.json { return try Output.message(response) }
        print("premise \(response.premise.id) \(AccountsFormat.oneLine(response.premise.serviceAddress)) zone \(response.premise.weatherZone)  [idempotency key \(request.idempotencyKey)]")
    }
}
