import ArgumentParser
import SettleClient
import SettleContracts

/// `settle program list --kind K [--status S]`.
struct ProgramList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Enrolments of a program kind, every page.")

    @Option(name: .long, help: "totalized or wastewater_average.") var kind: String
    @Option(name: .long, help: "active or ended (default both).") var status: String?
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Programs_V1_ListEnrolmentsRequest()
        request.kind = kind
        request.status = status ?? ""
        request.pageSize = 5_000
        let options = connection.callOptions
        let all = try await connection.withClient { client in
            try await Pages.collect(request, token: \.pageToken) { page in
                let response = try await client.client(ProgramsV1.Client.self).listEnrolments(page, options: options)
                return (response.enrolments, response.nextPageToken)
            }.items
        }
        if connection.json {
            var response = Settle_Programs_V1_ListEnrolmentsResponse()
            response.enrolments = all
            return try Output.message(response)
        }
        Output.table(ProgramsFormat.enrolmentHeaders, ProgramsFormat.enrolmentRows(all))
    }
}
