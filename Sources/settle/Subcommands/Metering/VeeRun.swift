import ArgumentParser
import SettleClient
import SettleContracts

/// `settle vee run --cycle N --period YYYY-MM`.
struct VeeRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Validate every agreement of a bill cycle for a period; exceptions replace the open ones of an earlier run.",
        discussion: "Exits 0 even when bills are held; `settle vee exceptions` lists why.")

    @Option(name: .long, help: "Bill cycle, 1–20.") var cycle: UInt32
    @Option(name: .long, help: "Billing period, YYYY-MM.") var period: String
    @Flag(name: .long, help: "Estimate missing reads and interval gaps (flagged estimated).") var autoEstimate = false
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_RunVeeRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.cycle = cycle
        request.period = period
        request.autoEstimate = autoEstimate
        let response = try await mutation.send(connection) { try await $0.client(MeteringV1.Client.self).runVee(request, options: $1) }
        if connection.json { return try Output.message(response) }
        print("VEE \(response.runID): cycle \(cycle), period \(period), read date \(response.readDate)")
        print("  \(response.agreements) agreement(s): \(response.passed) passed, \(response.withExceptions) with exceptions, \(response.held) held")
        print("  \(response.exceptions) exception(s), \(response.estimated) estimate(s) written")
        if !response.byType.isEmpty {
            Output.table(["TYPE", "COUNT"], response.byType.sorted { $0.key < $1.key }.map { [$0.key, "\($0.value)"] })
        }
    }
}
