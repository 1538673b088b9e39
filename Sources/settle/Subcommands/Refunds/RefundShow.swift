import ArgumentParser
import SettleClient
import SettleContracts
import SettleRPC
import SwiftProtobuf

/// `settle refund show R000001`: the calculation as a person reviews it.
struct RefundShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A refund with every input of its calculation, where each came from, and its history.")

    @Argument(help: "Refund id, e.g. R000001.") var id: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let options = connection.callOptions
        let refund = try await connection.withClient { try await $0.client(RefundsV1.Client.self).getRefund(.with { $0.refundID = id }, options: options) }
        if connection.json { return try Output.message(refund) }
        RefundsFormat.review(refund)
    }
}
