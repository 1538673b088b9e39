import ArgumentParser
import Foundation
import SettleContracts

/// `settle wastewater averages --year Y [--account N] [--csv|--json]`.
struct WastewaterAverages: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "averages", abstract: "Every wastewater-averaged agreement's winter average for a year, with its basis.")

    @Option(name: .long, help: "The averages' year (its winter: December before, January and February).") var year: Int32
    @Option(name: .long, help: "Only this account's agreements.") var account: String?
    @Flag(name: .long, help: "Print CSV.") var csv = false
    @OptionGroup var connection: ConnectionOptions

    static let headers = ["AGREEMENT", "ACCOUNT", "CLASS", "BASIS", "GAL/DAY", "WINTER DAYS", "WINTER GALLONS", "PERIODS", "ADJUSTED", "EXPLANATION"]

    func run() async throws {
        var request = Settle_Programs_V1_ListWastewaterAveragesRequest()
        request.year = year
        request.accountNumber = account ?? ""
        let options = connection.callOptions
        let response = try await connection.withClient { try await $0.client(ProgramsV1.Client.self).listWastewaterAverages(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(response) }
        let rows = response.averages.map { average -> [String] in
            let periods = average.periods.map { "\($0.periodEnd) \($0.days)d \(ProgramsFormat.gallons($0.gallonsThousandths))gal" + ($0.counted ? "" : " (\($0.whyNot))") }
            return [String(average.agreementID), average.accountNumber, average.rateClass, average.basis, average.gallonsPerDay, String(average.winterDays),
                    ProgramsFormat.gallons(average.winterGallonsThousandths), periods.joined(separator: "; "),
                    average.adjusted ? "yes: \(average.adjustmentReason)" : "no", average.explanation]
        }
        if csv {
            print(Self.headers.map { $0.lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "/", with: "_per_") }.joined(separator: ","))
            for row in rows { print(row.map(Self.csvField).joined(separator: ",")) }
            return
        }
        Output.table(Self.headers, rows)
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// `settle wastewater adjust AGREEMENT --year Y (--exclude DATE… | --gallons-per-day N) --reason TEXT`.
struct WastewaterAdjust: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjust", abstract: "A leak adjustment: leave winter periods out of an average, or set it (supervisor).")

    @Argument(help: "Agreement number.") var agreement: UInt64
    @Option(name: .long, help: "The averages' year.") var year: Int32
    @Option(name: .long, help: "Closing read date of a winter period to leave out (repeatable).") var exclude: [String] = []
    @Option(name: .long, help: "Or the average itself, gallons a day (up to 3 decimals).") var gallonsPerDay: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard mutation.reason?.isEmpty == false else { throw ValidationError("--reason is required: a leak adjustment is audited with its reason") }
        guard !exclude.isEmpty || gallonsPerDay != nil else { throw ValidationError("give --exclude DATE or --gallons-per-day N") }
    }

    func run() async throws {
        var request = Settle_Programs_V1_AdjustWastewaterAverageRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.agreementID = agreement
        request.year = year
        request.excludePeriodEnds = exclude
        request.setGallonsPerDay = gallonsPerDay ?? ""
        request.reason = mutation.reason ?? ""
        let options = mutation.callOptions(connection)
        let average = try await connection.withClient { try await $0.client(ProgramsV1.Client.self).adjustWastewaterAverage(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(average) }
        Output.table(["AGREEMENT", "YEAR", "BASIS", "GAL/DAY", "EXPLANATION"], [[String(average.agreementID), String(average.year), average.basis, average.gallonsPerDay, average.explanation]])
    }
}
