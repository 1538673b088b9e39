import ArgumentParser
import SettleClient
import SettleContracts

/// `settle meter validate SERIAL`: every configuration problem; exit 9 when there is one.
struct MeterValidate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a meter's configuration against its form, service size, install reads and the premise's rate.",
        discussion: "Exits 9 (FAILED_PRECONDITION) when the meter has a problem, listing every one.")

    @Argument(help: "Meter serial.") var serial: String
    @Option(name: .long, help: "Check against this rate schedule instead of the premise's.") var rate: String?
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_ValidateMeterRequest()
        request.serial = serial
        request.rateSchedule = rate ?? ""
        let response = try await connection.withClient { try await $0.client(MeteringV1.Client.self).validateMeter(request, options: connection.callOptions) }
        if connection.json {
            try Output.message(response)
        } else if response.valid {
            print("meter \(serial): valid\(response.rateSchedule.isEmpty ? "" : " for rate \(response.rateSchedule)")")
        } else {
            print("meter \(serial): \(response.problems.count) problem(s)\(response.rateSchedule.isEmpty ? "" : " (rate \(response.rateSchedule))")")
            Output.table(["PROBLEM", "DETAIL"], response.problems.map { [$0.code, $0.message] })
        }
        if !response.valid { throw ExitCode(9) }
    }
}
