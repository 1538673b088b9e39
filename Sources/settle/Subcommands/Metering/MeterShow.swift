import ArgumentParser
import SettleClient
import SettleContracts

/// `settle meter show SERIAL`.
struct MeterShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A meter: configuration, installs, recent reads, open read requests.")

    @Argument(help: "Meter serial.") var serial: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_GetMeterRequest()
        request.serial = serial
        let response = try await connection.withClient { try await $0.client(MeteringV1.Client.self).getMeter(request, options: connection.callOptions) }
        if connection.json { return try Output.message(response) }
        MeteringFormat.printMeter(response)
    }
}
