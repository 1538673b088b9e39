import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain
import SettleRPC

/// `settle refund list [--status S] [--kind K] [--account N] [--csv]`.
struct RefundList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Refund requests, every page, with their total.")

    @Option(name: .long, help: "draft, submitted, approved, disbursed, rejected, voided, reissued, adjusted, credited or written_off.") var status: String?
    @Option(name: .long, help: "Only this kind.") var kind: String?
    @Option(name: .long, help: "Only this account.") var account: String?
    @Flag(name: .long, help: "Print CSV.") var csv = false
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Refunds_V1_ListRefundsRequest()
        request.status = status ?? ""
        request.kind = kind ?? ""
        request.accountNumber = account ?? ""
        request.pageSize = 5_000
        let options = connection.callOptions
        let all = try await connection.withClient { client in
            try await Pages.collect(request, token: \.pageToken) { page in
                let response = try await client.client(RefundsV1.Client.self).listRefunds(page, options: options)
                return (response.refunds, response.nextPageToken)
            }.items
        }
        var response = Settle_Refunds_V1_ListRefundsResponse()
        response.refunds = all
        response.totalCents = all.reduce(0) { $0 + $1.amountCents }
        if connection.json { return try Output.message(response) }
        if csv { return RefundsFormat.printCSV(RefundsFormat.refundHeaders, RefundsFormat.refundRows(all)) }
        Output.table(RefundsFormat.refundHeaders, RefundsFormat.refundRows(all))
        print("\n\(all.count) refund(s), \(Dollars.grouped(response.totalCents))")
    }
}
