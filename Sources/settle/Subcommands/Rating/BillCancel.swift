import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle bill cancel ID --reason TEXT [--rebill]`.
struct BillCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a held or issued bill (reversing its charge); --rebill issues a new one.")

    @Argument(help: "Bill id.") var id: String
    @Flag(name: .long, help: "Rate the period again as it stands now (reads, exemptions) under the tariff in force and issue a new bill.") var rebill = false
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_BillActionRequest(bill: id, mutation)
        request.rebill = rebill
        let response = try await mutation.send(connection) { try await $0.client(RatingV1.Client.self).cancelBill(request, options: $1) }
        if connection.json { return try Output.message(response) }
        print("\(response.cancelled.id) cancelled; reversed \(Dollars.plain(response.reversedCents))")
        if response.hasRebill { print("\(response.rebill.id) issued: \(Dollars.plain(response.rebill.rated.totalCents))") }
    }
}
