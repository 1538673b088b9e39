import ArgumentParser
import SettleClient
import SettleContracts

/// `settle meter exchange OLD NEW --date D --removal-read N --install-read N`.
struct MeterExchange: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange",
        abstract: "Replace an installed meter: remove OLD and install and activate NEW on the same date.",
        discussion: "Refused (exit 9) with every reason when NEW fails validation; nothing changes then.")

    @Argument(help: "Serial of the meter coming out.") var old: String
    @Argument(help: "Serial of the meter going in.") var new: String
    @Option(name: .long, help: "Exchange date, YYYY-MM-DD.") var date: String
    @Option(name: .long, help: "OLD's removal read CHANNEL=VALUE or VALUE; repeat per channel.") var removalRead: [String] = []
    @Option(name: .long, help: "NEW's install read CHANNEL=VALUE or VALUE; repeat per channel.") var installRead: [String] = []
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_ExchangeMeterRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.oldSerial = old
        request.newSerial = new
        request.date = date
        request.removalReads = try MeteringFormat.channelReads(removalRead)
        request.installReads = try MeteringFormat.channelReads(installRead)
        let response = try await mutation.send(connection) { try await $0.client(MeteringV1.Client.self).exchangeMeter(request, options: $1) }
        if connection.json { return try Output.message(response) }
        print("exchanged on \(date): \(response.removed.serial) \(response.removed.status), \(response.installed.serial) \(response.installed.status) at \(response.installed.premiseID)")
    }
}
