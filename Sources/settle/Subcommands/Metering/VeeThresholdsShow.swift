import ArgumentParser
import SettleClient
import SettleContracts

struct VeeThresholdsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "The thresholds that apply to a rate class.")

    @Option(name: [.customLong("class")], help: "Rate class (default: the default row).") var rateClass = ""
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_GetVeeThresholdsRequest()
        request.rateClass = rateClass
        let thresholds = try await connection.withClient { try await $0.client(MeteringV1.Client.self).getVeeThresholds(request, options: connection.callOptions) }
        if connection.json { return try Output.message(thresholds) }
        VeeThresholdsCommand.printTable(thresholds)
    }
}
