import ArgumentParser
import SettleClient
import SettleContracts

/// `settle bill show ID [--json | --html]`.
struct BillShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A bill as the customer reads it: text, JSON or HTML.")

    @Argument(help: "Bill id, e.g. B-2024-05-C05-0000123.") var id: String
    @Flag(name: .long, help: "Print an HTML page.") var html = false
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_GetBillRequest()
        request.billID = id
        let options = connection.callOptions
        let bill = try await connection.withClient { try await $0.client(RatingV1.Client.self).getBill(request, options: options) }
        if connection.json { return try Output.message(bill) }
        print(html ? BillDocument.html(bill) : BillDocument.text(bill))
    }
}
