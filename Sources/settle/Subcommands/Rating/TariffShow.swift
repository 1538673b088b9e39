import ArgumentParser
import SettleClient
import SettleContracts

/// `settle tariff show CODE`.
struct TariffShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A tariff and its versions.")

    @Argument(help: "Tariff code.") var code: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_GetTariffRequest()
        request.code = code
        let options = connection.callOptions
        let tariff = try await connection.withClient { try await $0.client(RatingV1.Client.self).getTariff(request, options: options) }
        if connection.json { return try Output.message(tariff) }
        print("\(tariff.code)  \(tariff.name)  (\(tariff.rateClass), \(tariff.serviceType))")
        Output.table(["VERSION", "EFFECTIVE", "STATUS", "CREATED BY", "ACTIVATED BY", "SCENARIOS"], tariff.versions.map {
            ["\($0.version)", $0.effectiveFrom, $0.status, $0.createdBy, $0.activatedBy, "\($0.scenarios.count)"]
        })
    }
}
