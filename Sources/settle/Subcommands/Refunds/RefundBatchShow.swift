import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SwiftProtobuf

extension RefundBatchCommand {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "A batch with its items.")
        @Argument(help: "Batch id, e.g. D000001.") var id: String
        @Flag(name: .long, help: "Print CSV of the items.") var csv = false
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let options = connection.callOptions
            let batch = try await connection.withClient { try await $0.client(RefundsV1.Client.self).getBatch(.with { $0.batchID = id }, options: options) }
            if connection.json { return try Output.message(batch) }
            if csv { return RefundsFormat.printCSV(RefundsFormat.itemHeaders, RefundsFormat.itemRows(batch)) }
            RefundsFormat.batch(batch)
        }
    }
}
