import ArgumentParser
import SettleClient
import SettleContracts

/// `settle meter remove SERIAL --date D --read N`.
struct MeterRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove an installed meter with its removal reads.")

    @Argument(help: "Meter serial.") var serial: String
    @Option(name: .long, help: "Removal date, YYYY-MM-DD.") var date: String
    @Option(name: .long, help: "Removal read CHANNEL=VALUE (or VALUE for the main channel); one per cumulative channel.") var read: [String] = []
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_RemoveMeterRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.serial = serial
        request.date = date
        request.reads = try MeteringFormat.channelReads(read)
        let response = try await mutation.send(connection) { try await $0.client(MeteringV1.Client.self).removeMeter(request, options: $1) }
        if connection.json { return try Output.message(response) }
        MeteringFormat.printMeter(response)
    }
}
