import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SwiftProtobuf

extension RefundBatchCommand {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "A batch of every approved refund not yet batched (or of those named).")
        @Option(name: .long, help: "Effective date of the ACH entries and date of the checks (default today).") var date: String?
        @Option(name: .long, help: "Only these refunds (repeatable).") var refund: [String] = []
        @Flag(name: .long, help: "Print CSV of the items.") var csv = false
        @OptionGroup var mutation: MutationOptions
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            var request = Settle_Refunds_V1_CreateBatchRequest()
            request.idempotencyKey = mutation.resolvedKey()
            request.batchDate = date ?? ""
            request.refundIds = refund
            let batch = try await mutation.send(connection) { try await $0.client(RefundsV1.Client.self).createBatch(request, options: $1) }
            if connection.json { return try Output.message(batch) }
            if csv { return RefundsFormat.printCSV(RefundsFormat.itemHeaders, RefundsFormat.itemRows(batch)) }
            RefundsFormat.batch(batch)
        }
    }
}
