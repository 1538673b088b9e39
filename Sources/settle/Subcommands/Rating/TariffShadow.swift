import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle tariff shadow CODE@VERSION --cycle N --period YYYY-MM`.
struct TariffShadow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "shadow", abstract: "Re-rate a past cycle under a candidate version; issues nothing.")

    @Argument(help: "CODE@VERSION.") var reference: VersionReference
    @Option(name: .long, help: "Bill cycle, 1–20.") var cycle: UInt32
    @Option(name: .long, help: "Billing period, YYYY-MM.") var period: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_ShadowBillRequest()
        request.code = reference.code
        request.version = reference.version
        request.cycle = cycle
        request.period = period
        let options = connection.callOptions
        let response = try await connection.withClient { try await $0.client(RatingV1.Client.self).shadowBill(request, options: options) }
        if connection.json { return try Output.message(response) }
        Output.table(["ACCOUNT", "BILL", "CURRENT", "CANDIDATE", "DIFFERENCE", "PROBLEM"], response.differences.map {
            [$0.accountNumber, $0.billID, Dollars.plain($0.currentCents), Dollars.plain($0.candidateCents), Dollars.plain($0.differenceCents), $0.problem]
        })
        print("")
        Output.table(["RATE CLASS", "BILLS", "CURRENT", "CANDIDATE", "DIFFERENCE", "%"], response.impact.map {
            [$0.rateClass, "\($0.bills)", Dollars.plain($0.currentCents), Dollars.plain($0.candidateCents), Dollars.plain($0.differenceCents), $0.percent]
        })
    }
}
