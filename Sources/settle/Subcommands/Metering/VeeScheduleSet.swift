import ArgumentParser
import SettleClient
import SettleContracts

struct VeeScheduleSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Set a cycle's read date in a period. Audited; a supervisor's call.")

    @Option(name: .long, help: "Bill cycle, 1–20.") var cycle: UInt32
    @Option(name: .long, help: "Billing period, YYYY-MM.") var period: String
    @Option(name: .long, help: "Read date, YYYY-MM-DD.") var date: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_SetReadScheduleRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.cycle = cycle
        request.period = period
        request.readDate = date
        let response = try await mutation.send(connection) { try await $0.client(MeteringV1.Client.self).setReadSchedule(request, options: $1) }
        if connection.json { return try Output.message(response) }
        Output.table(["CYCLE", "PERIOD", "READ DATE", "SOURCE"], [["\(cycle)", period, response.readDate, "set"]])
    }
}
