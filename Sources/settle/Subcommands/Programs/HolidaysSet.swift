import ArgumentParser
import SettleClient
import SettleContracts

/// `settle calendar holidays set --year Y --day DATE=NAME … --reason TEXT`: replaces the
/// utility's own days of the year (NERC's follow their rule).
struct HolidaysSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Replace the utility's own holidays of a year (no --day removes them).")

    @Option(name: .long, help: "The year, e.g. 2026.") var year: Int32
    @Option(name: .long, help: "A utility holiday DATE=NAME, e.g. 2026-03-02=Founders Day (repeatable).") var day: [String] = []
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard mutation.reason?.isEmpty == false else { throw ValidationError("--reason is required: the calendar change is audited with its reason") }
        for entry in day where Self.holiday(entry) == nil {
            throw ValidationError("--day '\(entry)' is not DATE=NAME, e.g. 2026-03-02=Founders Day")
        }
    }

    static func holiday(_ text: String) -> Settle_Programs_V1_Holiday? {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 10, !parts[1].isEmpty else { return nil }
        var holiday = Settle_Programs_V1_Holiday()
        holiday.date = String(parts[0])
        holiday.name = String(parts[1])
        return holiday
    }

    func run() async throws {
        var request = Settle_Programs_V1_SetHolidaysRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.year = year
        request.days = day.compactMap(Self.holiday)
        request.reason = mutation.reason ?? ""
        let response = try await mutation.send(connection) { try await $0.client(ProgramsV1.Client.self).setHolidays(request, options: $1) }
        if connection.json { return try Output.message(response) }
        HolidaysList.print(response.holidays)
    }
}
