import ArgumentParser
import SettleClient
import SettleContracts

/// `settle calendar holidays list --year Y`.
struct HolidaysList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "A year's holidays, as observed.")

    @Option(name: .long, help: "The year, e.g. 2026.") var year: Int32
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Programs_V1_ListHolidaysRequest()
        request.years = [year]
        let response = try await connection.withClient { try await $0.client(ProgramsV1.Client.self).listHolidays(request) }
        if connection.json { return try Output.message(response) }
        HolidaysList.print(response.holidays)
    }

    static func print(_ holidays: [Settle_Programs_V1_Holiday]) {
        Output.table(["DATE", "HOLIDAY", "SOURCE", "OBSERVED FOR"], holidays.map {
            [$0.date, $0.name, $0.source, Cell.dash($0.actualDate)]
        })
    }
}
