import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle bill list --cycle N --period YYYY-MM [--status held]`.
struct BillList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Bills of a cycle and period, e.g. the held ones with their reasons.")

    @Option(name: .long, help: "Bill cycle, 1–20.") var cycle: UInt32
    @Option(name: .long, help: "Billing period, YYYY-MM.") var period: String
    @Option(name: .long, help: "issued, held or cancelled.") var status: String?
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_ListBillsRequest()
        request.cycle = cycle
        request.period = period
        request.status = status ?? ""
        let options = connection.callOptions
        let response = try await connection.withClient { try await $0.client(RatingV1.Client.self).listBills(request, options: options) }
        if connection.json { return try Output.message(response) }
        Output.table(["BILL", "ACCOUNT", "TARIFF", "STATUS", "TOTAL", "REASONS"], response.bills.map {
            [$0.id, $0.accountNumber, $0.tariffCode, $0.status, Dollars.plain($0.rated.totalCents), $0.holdReasons.joined(separator: "; ")]
        })
    }
}
