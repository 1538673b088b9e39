import ArgumentParser
import SettleClient
import SettleContracts

/// `settle meter list [--premise P] [--service S] [--status S]`.
struct MeterList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List meters, optionally at one premise, of one service or in one status.")

    @Option(name: .long, help: "Only meters installed at this premise.") var premise: String?
    @Option(name: .long, help: "electric, water, wastewater or solid_waste.") var service: String?
    @Option(name: .long, help: "inventory, pending_activation, active or removed.") var status: String?
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_ListMetersRequest()
        request.premiseID = premise ?? ""
        request.serviceType = service ?? ""
        request.status = status ?? ""
        request.pageSize = 5_000
        let meters = try await connection.withClient { client in
            try await Pages.collect(request, token: \.pageToken) { page in
                let response = try await client.client(MeteringV1.Client.self).listMeters(page, options: connection.callOptions)
                return (response.meters, response.nextPageToken)
            }.items
        }
        if connection.json {
            var response = Settle_Metering_V1_ListMetersResponse()
            response.meters = meters
            return try Output.message(response)
        }
        Output.table(["SERIAL", "SERVICE", "KIND", "STATUS", "MULTIPLIER", "CHANNELS", "PREMISE", "SINCE"], meters.map {
            [$0.serial, $0.serviceType, $0.kind, $0.status, $0.multiplier, $0.channels.map(MeteringFormat.channelName).joined(separator: ","),
             Cell.dash($0.premiseID), Cell.dash($0.installedOn)]
        })
    }
}
