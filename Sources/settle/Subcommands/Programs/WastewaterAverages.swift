import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleDomain

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
        if connection.json { return try Output.message(response) }
        let rows = response.averages.map { average -> [String] in
            let periods = average.periods.map { "\($0.periodEnd) \($0.days)d \(ProgramsFormat.gallons($0.gallonsThousandths))gal" + ($0.counted ? "" : " (\($0.whyNot))") }
            return [String(average.agreementID), average.accountNumber, average.rateClass, average.basis, average.gallonsPerDay, String(average.winterDays),
                    ProgramsFormat.gallons(average.winterGallonsThousandths), periods.joined(separator: "; "),
                    average.adjusted ? "yes: \(average.adjustmentReason)" : "no", average.explanation]
        }
        if csv {
            print(Self.headers.map { $0.lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "/", with: "_per_") }.joined(separator: ","))
            for row in rows { print(CSVText.line(row)) }
            return
        }
        Output.table(Self.headers, rows)
    }
}
