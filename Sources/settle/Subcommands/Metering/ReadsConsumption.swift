import ArgumentParser
import SettleClient
import SettleContracts

/// `settle reads consumption --premise P --service S --from D --to D`.
struct ReadsConsumption: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consumption",
        abstract: "A premise's use between two read dates, across meter exchanges: the determinants a bill would be rated on.")

    @Option(name: .long, help: "Premise id.") var premise: String
    @Option(name: .long, help: "electric, water or wastewater (default electric).") var service = "electric"
    @Option(name: .long, help: "The read date that opens the period, YYYY-MM-DD.") var from: String
    @Option(name: .long, help: "The read date that closes it, YYYY-MM-DD.") var to: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_GetConsumptionRequest()
        request.premiseID = premise
        request.serviceType = service
        request.fromDate = from
        request.toDate = to
        let found = try await connection.withClient { try await $0.client(MeteringV1.Client.self).getConsumption(request, options: connection.callOptions) }
        if connection.json { return try Output.message(found) }
        print("premise \(found.premiseID) \(found.serviceType): \(found.periodStart) to \(found.periodEnd), \(found.days) days\(found.estimated ? " (estimated)" : "")")
        Output.table(["DELIVERED KWH", "RECEIVED KWH", "PEAK KW", "KVARH", "GALLONS"], [[
            MeteringFormat.thousandths(found.deliveredWh), MeteringFormat.thousandths(found.receivedWh), MeteringFormat.thousandths(found.maxDemandW),
            MeteringFormat.thousandths(found.kvarhVarh), MeteringFormat.thousandths(found.gallonsThousandths),
        ]])
        if !found.segments.isEmpty {
            print("")
            Output.table(["METER", "CHANNEL", "FROM", "TO", "START", "END", "MULTIPLIER", "USE"], found.segments.map {
                [$0.meterSerial, MeteringFormat.channelName($0.channel), $0.fromDate, $0.toDate, "\($0.startRead)", "\($0.endRead)", $0.multiplier,
                 MeteringFormat.thousandths($0.consumption) + ($0.rolledOver ? " (rolled over)" : "") + ($0.trueUp ? " (true-up)" : "")]
            })
        }
        if !found.problem.isEmpty { print("problem: \(found.problem)") }
    }
}
