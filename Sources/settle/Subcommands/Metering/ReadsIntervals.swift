import ArgumentParser
import SettleClient
import SettleContracts

/// `settle reads intervals METER --from D --to D [--channel C]`.
struct ReadsIntervals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "intervals", abstract: "A meter's interval data day by day: totals, missing and estimated intervals.")

    @Argument(help: "Meter serial.") var meter: String
    @Option(name: .long, help: "First local day, YYYY-MM-DD.") var from: String
    @Option(name: .long, help: "Last local day, YYYY-MM-DD.") var to: String
    @Option(name: .long, help: "Channel (default the meter's main channel).") var channel: String?
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_GetIntervalsRequest()
        request.meterSerial = meter
        request.fromDate = from
        request.toDate = to
        if let channel {
            guard let parsed = MeteringFormat.channel(channel) else { throw ValidationError("unknown channel '\(channel)'") }
            request.channel = parsed
        }
        let response = try await connection.withClient { try await $0.client(MeteringV1.Client.self).getIntervals(request, options: connection.callOptions) }
        if connection.json { return try Output.message(response) }
        Output.table(["DATE", "MINUTES", "SLOTS", "TOTAL", "MISSING", "ESTIMATED"], response.days.map { day in
            [day.date, "\(day.intervalMinutes)", "\(day.slots)", MeteringFormat.thousandths(day.total),
             "\(day.missing.filter { $0 }.count)", "\(day.estimated.filter { $0 }.count)"]
        })
    }
}
