import ArgumentParser
import SettleClient
import SettleContracts

/// `settle bill release ID --reason TEXT`.
struct BillRelease: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "release", abstract: "Issue a held bill after review (posts its charge).")

    @Argument(help: "Bill id.") var id: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let request = Settle_Rating_V1_BillActionRequest(bill: id, mutation)
        let bill = try await mutation.send(connection) { try await $0.client(RatingV1.Client.self).releaseBill(request, options: $1) }
        if connection.json { return try Output.message(bill) }
        print("\(bill.id) is \(bill.status)\(bill.posted ? ", posted" : "")")
    }
}
