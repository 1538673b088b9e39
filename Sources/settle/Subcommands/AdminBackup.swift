import ArgumentParser
import Foundation
import SettleClient
import SettleContracts

extension Admin {
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Online backup of every module's store into DIR (on the host's machine), all at one point in time.",
            discussion: """
                DIR is created if missing and must not already hold a backup. The host keeps serving: \
                writes pause only while it opens a snapshot of every store (after the writes in flight \
                finish, at most backup.drainTimeoutMs), then it copies the snapshots. DIR gets \
                <module>.sqlite files and settle-backup.json (time, audit chain heads). With --verify \
                the copies are checked across modules (as `settle admin check --backup DIR`); exit 1 \
                when they are not consistent.
                """
        )

        @Argument(help: "Folder to write <module>.sqlite files into.")
        var directory: String

        @Flag(name: .long, help: "Check the copies across modules before returning.")
        var verify = false

        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            var request = Settle_Host_V1_BackupRequest()
            request.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
            request.verify = verify
            let response = try await connection.withClient { try await $0.host.backup(request, options: connection.callOptions) }
            let consistent = !verify || response.check.consistent
            if connection.json {
                var object: [String: Any] = [
                    "files": response.files.map { ["module": $0.module, "path": $0.path, "bytes": $0.bytes] as [String: Any] },
                    "manifest": response.manifestPath, "writes_held_micros": response.writesHeldMicros,
                ]
                if verify { object["check"] = AdminCheck.object(response.check) }
                Output.json(object)
            } else {
                if response.files.isEmpty { print("no module keeps a store; nothing to back up") }
                Output.table(["MODULE", "BYTES", "FILE"], response.files.map { [$0.module, "\($0.bytes)", $0.path] })
                print("manifest \(response.manifestPath); writes held \(response.writesHeldMicros) µs")
                if verify { AdminCheck.print(response.check, json: false) }
            }
            if !consistent { throw ExitCode(1) }
        }
    }
}
