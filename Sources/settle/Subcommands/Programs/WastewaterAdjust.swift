import ArgumentParser
import Foundation
import SettleClient
import SettleContracts

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
        let average = try await mutation.send(connection) { try await $0.client(ProgramsV1.Client.self).adjustWastewaterAverage(request, options: $1) }
        if connection.json { return try Output.message(average) }
        Output.table(["AGREEMENT", "YEAR", "BASIS", "GAL/DAY", "EXPLANATION"], [[String(average.agreementID), String(average.year), average.basis, average.gallonsPerDay, average.explanation]])
    }
}
