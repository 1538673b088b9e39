import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle program tou-compare AGREEMENT --months 12 [--tariff CODE]`: the agreement's last
/// months of bills as billed beside the same periods under the time-of-use tariff (shadow
/// billing, nothing issued), with totals and the difference, so a specialist can tell a
/// customer what the switch would have cost or saved.
struct ProgramTouCompare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tou-compare", abstract: "An agreement's last bills as billed and under the time-of-use tariff, side by side.")

    @Argument(help: "The agreement.") var agreement: UInt64
    @Option(name: .long, help: "Months of bills to compare (default 12, at most 36).") var months: UInt32 = 12
    @Option(name: .long, help: "The time-of-use tariff (default: the agreement's tou enrolment's schedule).") var tariff: String?
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard (1...36).contains(months) else { throw ValidationError("--months must be 1–36") }
    }

    func run() async throws {
        let comparison = try await connection.withClient { client in
            var candidate = tariff ?? ""
            if candidate.isEmpty {
                var lookup = Settle_Programs_V1_GetEnrolmentsRequest()
                lookup.agreementID = agreement
                let enrolments = try await client.client(ProgramsV1.Client.self).getEnrolments(lookup).enrolments
                candidate = enrolments.last { $0.kind == "tou" && $0.agreementID == agreement }?.rateSchedule ?? ""
            }
            guard !candidate.isEmpty else {
                throw ValidationError("agreement \(agreement) has no time-of-use enrolment: name the tariff with --tariff CODE")
            }
            var request = Settle_Rating_V1_CompareTariffsRequest()
            request.agreementID = agreement
            request.candidateCode = candidate
            request.months = months
            return try await client.client(RatingV1.Client.self).compareTariffs(request)
        }
        if connection.json { return try Output.message(comparison) }
        var rows = comparison.bills.map { bill in
            [bill.billID, "\(bill.periodStart) – \(bill.periodEnd)", bill.currentCode, Dollars.plain(bill.currentCents),
             Dollars.plain(bill.candidateCents), Dollars.plain(bill.differenceCents), bill.problem.isEmpty ? "" : bill.problem]
        }
        rows.append(["total (\(comparison.bills.count) bills)", "", "", Dollars.plain(comparison.currentCents),
                     Dollars.plain(comparison.candidateCents), Dollars.plain(comparison.differenceCents), ""])
        Output.table(["BILL", "PERIOD", "BILLED ON", "AS BILLED", comparison.candidateCode, "DIFFERENCE", "NOTE"], rows)
    }
}
