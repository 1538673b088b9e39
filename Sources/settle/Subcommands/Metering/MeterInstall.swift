import ArgumentParser
import SettleClient
import SettleContracts

/// `settle meter install SERIAL --premise P --date D --read kwh_delivered=N`.
struct MeterInstall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "install", abstract: "Install an inventory meter at a premise with its install reads (then it waits for activation).")

    @Argument(help: "Meter serial.") var serial: String
    @Option(name: .long, help: "Premise id.") var premise: String
    @Option(name: .long, help: "Install date, YYYY-MM-DD.") var date: String
    @Option(name: .long, help: "Install read CHANNEL=VALUE (or VALUE for the main channel); repeat per channel.") var read: [String] = []
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_InstallMeterRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.serial = serial
        request.premiseID = premise
        request.date = date
        request.reads = try MeteringFormat.channelReads(read)
        let response = try await mutation.send(connection) { try await $0.client(MeteringV1.Client.self).installMeter(request, options: $1) }
        if connection.json { return try Output.message(response) }
        MeteringFormat.printMeter(response)
    }
}
