import ArgumentParser
import Foundation
import SettleClient
import SettleContracts

/// `settle admin check [--backup DIR]`: the cross-module consistency check.
struct AdminCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Prove the stores consistent across modules; exit 1 when they are not.",
        discussion: """
            Every posted bill has its ledger charge (same total), every ledger charge its posted \
            bill, every payment an account in Accounts; modules add their own references. Without \
            --backup it checks the live stores, all seen at one point in time (writes pause for \
            a few milliseconds); with --backup DIR, a backup folder on the host, before restoring it. \
            The host also runs it at every start-up (so after a restore): `settle health` shows it.
            """)

    @Option(name: .long, help: "A backup folder on the host's machine to check instead of the live stores.")
    var backup: String?

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Host_V1_CheckConsistencyRequest()
        if let backup { request.directory = URL(fileURLWithPath: backup).standardizedFileURL.path }
        let response = try await connection.withClient { try await $0.host.checkConsistency(request, options: connection.callOptions) }
        AdminCheck.print(response, json: connection.json)
        if !response.consistent { throw ExitCode(1) }
    }

    /// The check as a table (or JSON), shared with `admin backup --verify`.
    static func print(_ response: Settle_Host_V1_CheckConsistencyResponse, json: Bool) {
        if json {
            Output.json(object(response))
            return
        }
        Output.table(["REFERENCE", "REQUIRED BY", "PROVIDED BY", "CHECKED", "MISSING", "DIFFERING"], response.references.map {
            [$0.reference, "\($0.requiredBy) (\($0.describes))", Cell.dash($0.providedBy), "\($0.checked)",
             $0.skipped.isEmpty ? "\($0.missing)" : "skipped", "\($0.differing)"]
        })
        for check in response.references where !check.examples.isEmpty {
            Swift.print("\(check.reference) (\(check.requiredBy)): " + check.examples.joined(separator: "; "))
        }
        for check in response.references where !check.skipped.isEmpty { Swift.print("skipped: \(check.skipped)") }
        Swift.print("\(response.source): \(response.consistent ? "consistent" : "NOT consistent")")
    }

    static func object(_ response: Settle_Host_V1_CheckConsistencyResponse) -> [String: Any] {
        [
            "consistent": response.consistent,
            "source": response.source,
            "references": response.references.map { check -> [String: Any] in
                ["reference": check.reference, "required_by": check.requiredBy, "provided_by": check.providedBy,
                 "describes": check.describes, "checked": check.checked, "missing": check.missing,
                 "differing": check.differing, "examples": check.examples, "skipped": check.skipped]
            },
        ]
    }
}
