import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SwiftProtobuf

/// `settle refund batch create|show|release|export`.
struct RefundBatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch", abstract: "Disbursement batches: gather approved refunds, write the ACH file and check register, release (post) them once.",
        subcommands: [Create.self, Show.self, Release.self, Export.self])

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
            let options = mutation.callOptions(connection)
            let batch = try await connection.withClient { try await $0.client(RefundsV1.Client.self).createBatch(request, options: options) }
            if connection.json { return try AccountsFormat.printJSON(batch) }
            if csv { return RefundsFormat.printCSV(RefundsFormat.itemHeaders, RefundsFormat.itemRows(batch)) }
            RefundsFormat.batch(batch)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "A batch with its items.")
        @Argument(help: "Batch id, e.g. D000001.") var id: String
        @Flag(name: .long, help: "Print CSV of the items.") var csv = false
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let options = connection.callOptions
            let batch = try await connection.withClient { try await $0.client(RefundsV1.Client.self).getBatch(.with { $0.batchID = id }, options: options) }
            if connection.json { return try AccountsFormat.printJSON(batch) }
            if csv { return RefundsFormat.printCSV(RefundsFormat.itemHeaders, RefundsFormat.itemRows(batch)) }
            RefundsFormat.batch(batch)
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "release", abstract: "Post each refund of the batch to the ledger, once (again after an interruption posts only the rest).")
        @Argument(help: "Batch id.") var id: String
        @OptionGroup var mutation: MutationOptions
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            var request = Settle_Refunds_V1_ReleaseBatchRequest()
            request.idempotencyKey = mutation.idempotencyKey ?? "release-\(id)"
            request.batchID = id
            let options = mutation.callOptions(connection)
            let released = try await connection.withClient { try await $0.client(RefundsV1.Client.self).releaseBatch(request, options: options) }
            if connection.json { return try AccountsFormat.printJSON(released) }
            RefundsFormat.batch(released.batch)
            print("\nposted \(released.posted), already posted \(released.alreadyPosted)")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the batch's NACHA ACH file or CSV check register (the same bytes every time).")
        @Argument(help: "Batch id.") var id: String
        @Option(name: .long, help: "nacha or csv.") var format: String
        @Option(name: .long, help: "Write to this file instead of standard output.") var output: String?
        @OptionGroup var connection: ConnectionOptions

        func validate() throws {
            guard format == "nacha" || format == "csv" else { throw ValidationError("--format is nacha or csv") }
        }

        func run() async throws {
            let options = connection.callOptions
            let file = try await connection.withClient { try await $0.client(RefundsV1.Client.self).exportBatch(.with { $0.batchID = id; $0.format = format }, options: options) }
            if connection.json { return try AccountsFormat.printJSON(file) }
            if let output {
                try Data(file.content.utf8).write(to: URL(fileURLWithPath: output))
                print("wrote \(output) (sha256 \(file.sha256))")
            } else {
                print(file.content, terminator: "")
            }
        }
    }
}
