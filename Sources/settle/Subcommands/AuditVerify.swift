import ArgumentParser
import SettleClient
import SettleContracts

extension Audit {
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-compute a module's audit hash chain; exit 15 (DATA_LOSS) when it is broken.",
            discussion: """
                Names the first record whose hash or link does not match, which is where tampering or loss begins. \
                Then checks the chain against the host's anchors (heads written periodically, at every backup and \
                at every clean stop, outside the store; HMAC-keyed with audit.anchorKeyFile): a chain shorter than \
                an anchor was truncated, a record whose hash is not the anchored one was re-chained.
                """
        )

        @Argument(help: "Module name, e.g. accounts.")
        var module: String

        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            var request = Settle_Host_V1_VerifyAuditRequest()
            request.module = module
            let response = try await connection.withClient { try await $0.host.verifyAudit(request, options: connection.callOptions) }
            if connection.json {
                Output.json([
                    "module": response.module, "intact": response.intact, "records_checked": response.recordsChecked,
                    "first_broken_sequence": response.firstBrokenSequence, "problem": response.problem,
                    "anchors_checked": response.anchorsChecked, "anchored_sequence": response.anchoredSequence,
                    "anchored_at": response.anchoredAt, "anchors_keyed": response.anchorsKeyed,
                ] as [String: Any])
            } else if response.intact {
                let anchored = response.anchorsChecked == 0 ? "no anchors yet" : "\(response.anchorsChecked) \(response.anchorsKeyed ? "keyed " : "")anchor(s) hold, newest at record \(response.anchoredSequence), \(response.anchoredAt)"
                print("\(response.module): audit chain intact (\(response.recordsChecked) records; \(anchored))")
            } else {
                print("\(response.module): audit chain BROKEN at record \(response.firstBrokenSequence): \(response.problem) (\(response.recordsChecked) records checked)")
            }
            if !response.intact { throw ExitCode(15) }
        }
    }
}
