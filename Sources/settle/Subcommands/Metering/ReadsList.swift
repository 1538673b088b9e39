import ArgumentParser
import SettleClient
import SettleContracts

/// `settle reads list SERIAL`.
struct ReadsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "A meter's register reads, oldest first.")

    @Argument(help: "Meter serial.") var serial: String
    @Option(name: .long, help: "From this date, YYYY-MM-DD.") var from: String?
    @Option(name: .long, help: "To this date, YYYY-MM-DD.") var to: String?
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_ListReadsRequest()
        request.meterSerial = serial
        request.fromDate = from ?? ""
        request.toDate = to ?? ""
        let response = try await connection.withClient { try await $0.client(MeteringV1.Client.self).listReads(request, options: connection.callOptions) }
        if connection.json { return try Output.message(response) }
        Output.table(["DATE", "CHANNEL", "VALUE", "KIND"], response.reads.map {
            [$0.readDate, MeteringFormat.channelName($0.channel), $0.valueDecimal.isEmpty ? "\($0.value)" : $0.valueDecimal, MeteringFormat.kindName($0.kind)]
        })
    }
}
