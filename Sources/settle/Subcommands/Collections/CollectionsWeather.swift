import ArgumentParser
import Foundation
import SettleClient
import SettleContracts

/// `settle collections weather import FILE`.
struct CollectionsWeather: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weather",
        abstract: "Import the daily weather file (CSV: date,zone,forecast_low_f,heat_advisory).",
        discussion: "A later row for the same zone and day replaces the earlier one. Rejected rows are listed (exit 3).")

    @Argument(help: "The weather file.") var file: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        var request = Settle_Collections_V1_ImportWeatherRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "weather-" + CollectionsFormat.contentKey(data)
        request.csv = String(decoding: data, as: UTF8.self)
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).importWeather(request, options: $1) }
        if connection.json {
            try Output.message(response)
        } else {
            print("\(response.rows) row(s): \(response.stored) stored, \(response.rejected.count) rejected")
            if !response.rejected.isEmpty { Output.table(["LINE", "REASON"], response.rejected.map { ["\($0.line)", $0.reason] }) }
        }
        if !response.rejected.isEmpty { throw ExitCode(3) }
    }
}
