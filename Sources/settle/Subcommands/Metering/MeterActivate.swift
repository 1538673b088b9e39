import ArgumentParser
import SettleClient
import SettleContracts

/// `settle meter activate SERIAL`: refused with every reason when validation fails.
struct MeterActivate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "activate", abstract: "Activate an installed meter; refused (exit 9) with every reason when it fails validation.")

    @Argument(help: "Meter serial.") var serial: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_ActivateMeterRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.serial = serial
        let response = try await mutation.send(connection) { try await $0.client(MeteringV1.Client.self).activateMeter(request, options: $1) }
        if connection.json { return try Output.message(response) }
        MeteringFormat.printMeter(response)
    }
}
