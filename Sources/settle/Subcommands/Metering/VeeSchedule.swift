import ArgumentParser
import SettleContracts

/// `settle vee schedule show|set`: a cycle's scheduled read dates.
struct VeeScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Show a cycle's read dates period by period, or set one (default: the cycle's n-th weekday).",
        subcommands: [VeeScheduleShow.self, VeeScheduleSet.self])
}

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
        if connection.json { return try AccountsFormat.printJSON(response) }
        Output.table(["CYCLE", "PERIOD", "READ DATE", "SOURCE"], response.entries.map { ["\($0.cycle)", $0.period, $0.readDate, $0.set ? "set" : "default"] })
    }
}

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
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(MeteringV1.Client.self).setReadSchedule(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(response) }
        Output.table(["CYCLE", "PERIOD", "READ DATE", "SOURCE"], [["\(cycle)", period, response.readDate, "set"]])
    }
}
