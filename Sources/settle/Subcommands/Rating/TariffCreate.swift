import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SwiftProtobuf

/// `settle tariff create CODE --rate-class CLASS [--service-type TYPE] [--name NAME]`.
struct TariffCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a tariff (code, rate class, service type) with no versions yet.")

    @Argument(help: "Tariff code, e.g. RES-1.") var code: String
    @Option(name: .long, help: "residential, small_commercial, large_commercial, industrial or lighting.") var rateClass: String
    @Option(name: .long, help: "electric (default), water, wastewater or solid_waste.") var serviceType = "electric"
    @Option(name: .long, help: "A name for people (default: the code).") var name: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_CreateTariffRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.code = code
        request.rateClass = rateClass
        request.serviceType = serviceType
        request.name = name ?? ""
        let tariff = try await mutation.send(connection) { try await $0.client(RatingV1.Client.self).createTariff(request, options: $1) }
        if connection.json { return try Output.message(tariff) }
        print("\(tariff.code) created (\(tariff.rateClass), \(tariff.serviceType))")
    }
}
