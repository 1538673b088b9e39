import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SwiftProtobuf

extension RefundBatchCommand {
    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "release", abstract: "Post each refund of the batch to the ledger, once (again after an interruption posts only the rest).")
        @Argument(help: "Batch id.") var id: String
        @OptionGroup var mutation: MutationOptions
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            var request = Settle_Refunds_V1_ReleaseBatchRequest()
            request.idempotencyKey = mutation.idempotencyKey ?? "release-\(id)"
            request.batchID = id
            let released = try await mutation.send(connection) { try await $0.client(RefundsV1.Client.self).releaseBatch(request, options: $1) }
            if connection.json { return try Output.message(released) }
            RefundsFormat.batch(released.batch)
            print("\nposted \(released.posted), already posted \(released.alreadyPosted)")
        }
    }
}
