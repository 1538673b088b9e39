import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections notices [run] --as-of DATE`.
struct CollectionsNoticesRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the notice cycle: past-due notices, then disconnect notices giving at least 10 days; each recorded.",
        discussion: "The default idempotency key is the date, so running it twice for a day issues nothing twice.")

    @Option(name: .long, help: "As of this date, YYYY-MM-DD.") var asOf: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_RunNoticesRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "notices-\(asOf)"
        request.asOf = asOf
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).runNotices(request, options: $1) }
        if connection.json { return try Output.message(response) }
        print("\(response.pastDueNotices) past-due notice(s), \(response.disconnectNotices) disconnect notice(s); \(response.skippedHeld) account(s) left out for disputed or held amounts")
        Output.table(["NOTICE", "ACCOUNT", "KIND", "ISSUED", "PAST DUE", "OLDEST DUE", "DISCONNECT ON"], response.notices.map {
            ["\($0.id)", $0.accountNumber, $0.kind, $0.issuedDate, Dollars.signed($0.pastDueCents), $0.oldestDueDate, $0.disconnectDate]
        })
        if !response.skipped.isEmpty {
            print("skipped:")
            Output.table(["ACCOUNT", "REASON", "PAST DUE", "COLLECTIBLE", "WHY"], response.skipped.map {
                [$0.accountNumber, $0.reason, Dollars.signed($0.pastDueCents), Dollars.signed($0.collectibleCents), $0.detail]
            })
        }
    }
}
