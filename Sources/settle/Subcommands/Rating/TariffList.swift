import ArgumentParser
import SettleClient
import SettleContracts

/// `settle tariff list`.
struct TariffList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every tariff with its versions and their status.")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let response = try await connection.withClient { try await $0.client(RatingV1.Client.self).listTariffs(Settle_Rating_V1_ListTariffsRequest(), options: connection.callOptions) }
        if connection.json { return try Output.message(response) }
        Output.table(["CODE", "NAME", "CLASS", "SERVICE", "VERSIONS"], response.tariffs.map { tariff in
            [tariff.code, tariff.name, tariff.rateClass, tariff.serviceType,
             tariff.versions.map { "\($0.version) \($0.status) from \($0.effectiveFrom)" }.joined(separator: "; ")]
        })
    }
}
