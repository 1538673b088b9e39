import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SwiftProtobuf

extension RefundBatchCommand {
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
            if connection.json { return try Output.message(file) }
            if let output {
                try Data(file.content.utf8).write(to: URL(fileURLWithPath: output))
                print("wrote \(output) (sha256 \(file.sha256))")
            } else {
                print(file.content, terminator: "")
            }
        }
    }
}
