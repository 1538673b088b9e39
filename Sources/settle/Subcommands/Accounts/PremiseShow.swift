import ArgumentParser
import SettleClient
import SettleContracts

/// `settle premise show ID`: the premise, whether it is vacant, and who had service there.
struct PremiseShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a premise with every agreement it has had, newest first.")

    @Argument(help: "Premise id.")
    var id: String

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_GetPremiseRequest()
        request.premiseID = id
        let response = try await connection.withClient { client in
            try await client.client(AccountsV1.Client.self).getPremise(request, options: connection.callOptions)
        }
        if connection.json { return try Output.message(response) }
        let premise = response.premise
        print("Premise \(premise.id)  \(AccountsFormat.oneLine(premise.serviceAddress))  \(premise.premiseType)  zone \(premise.weatherZone)  \(premise.vacant ? "VACANT" : "occupied")")
        if response.agreements.isEmpty { return print("  no agreements yet") }
        Output.table(["AGREEMENT", "ACCOUNT", "SERVICE", "RATE", "CLASS", "PERIOD", "STATUS"], response.agreements.map {
            ["\($0.id)", $0.accountNumber, $0.serviceType, $0.rateSchedule, $0.rateClass, Cell.period($0.startDate, $0.endDate), $0.status]
        })
    }
}
