import ArgumentParser
import SettleClient
import SettleContracts

/// `settle meter rate-requirements SCHEDULE [--tou] [--received] [--demand]`.
struct MeterRateRequirements: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate-requirements",
        abstract: "Say what a rate schedule needs of its meters (TOU capability, a received channel, a demand channel), for validation and activation.",
        discussion: "Without a row, the schedule code decides (\"TOU\"; \"NEM\", \"NET\", \"SOLAR\"; \"DEM\"). Audited; a supervisor's call.")

    @Argument(help: "Rate schedule (tariff code), e.g. RES-TOU.") var schedule: String
    @Flag(name: .long, help: "Needs interval data or a TOU-capable meter.") var tou = false
    @Flag(name: .long, help: "Needs a kWh received channel (solar).") var received = false
    @Flag(name: .long, help: "Needs a kW demand channel or interval data.") var demand = false
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var requirement = Settle_Metering_V1_RateRequirement()
        requirement.rateSchedule = schedule
        requirement.needsTou = tou
        requirement.needsReceived = received
        requirement.needsDemand = demand
        var request = Settle_Metering_V1_SetRateRequirementsRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.requirements = [requirement]
        let response = try await mutation.send(connection) { try await $0.client(MeteringV1.Client.self).setRateRequirements(request, options: $1) }
        if connection.json { return try Output.message(response) }
        Output.table(["SCHEDULE", "TOU", "RECEIVED", "DEMAND", "SAVED"], [[schedule, tou ? "yes" : "no", received ? "yes" : "no", demand ? "yes" : "no", "\(response.saved)"]])
    }
}
