import ArgumentParser
import Foundation
import SettleContracts

struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Operator actions.", subcommands: [Backup.self])

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Online backup of every module's store into DIR (on the host's machine).",
            discussion: "DIR is created if missing and must not already hold a backup. The host keeps serving while it copies."
        )

        @Argument(help: "Folder to write <module>.sqlite files into.")
        var directory: String

        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            var request = Settle_Host_V1_BackupRequest()
            request.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
            let response = try await connection.withClient { try await $0.host.backup(request, options: connection.callOptions) }
            if connection.json {
                return Output.json(["files": response.files.map { ["module": $0.module, "path": $0.path, "bytes": $0.bytes] as [String: Any] }])
            }
            if response.files.isEmpty { print("no module keeps a store; nothing to back up") }
            Output.table(["MODULE", "BYTES", "FILE"], response.files.map { [$0.module, "\($0.bytes)", $0.path] })
        }
    }
}
