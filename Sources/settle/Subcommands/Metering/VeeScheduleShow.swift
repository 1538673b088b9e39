import ArgumentParser
import SettleClient
import SettleContracts

struct VeeScheduleShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A cycle's read dates, saying which were set.")

    @Option(name: .long, help: "Bill cycle, 1–20.") var cycle: UInt32
    @Option(name: .long, help: "First period, YYYY-MM (default this month).") var from: String?
    @Option(name: .long, help: "How many periods (default 12, at most 36).") var months: UInt32 = 12
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_GetReadScheduleRequest()
        request.cycle = cycle
        request.fromPeriod = from ?? ""
        request.months = months
        let response = try await connection.withClient { try await $0.client(MeteringV1.Client.self).getReadSchedule(request, options: connection.callOptions) }
        if connection.json { return try Output.message(response) }
        Output.table(["CYCLE", "PERIOD", "READ DATE", "SOURCE"], response.entries.map { ["\($0.cycle)", $0.period, $0.readDate, $0.set ? "set" : "default"] })
    }
}
