import ArgumentParser
import SettleClient
import SettleContracts

struct CollectionsDisconnectionRecord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record that an account was disconnected on a date.",
        discussion: "The default idempotency key is the account and date, so repeating the command records it once.")

    @Option(name: .long, help: "Account number.") var account: String
    @Option(name: .long, help: "The day it was disconnected, YYYY-MM-DD.") var date: String
    @Option(name: .long, help: "The eligibility decision it acted on (from `settle collections eligibility`).") var decision: UInt64?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_RecordDisconnectionRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "disconnection-\(account)-\(date)"
        request.accountNumber = account
        request.date = date
        request.decisionID = decision ?? 0
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).recordDisconnection(request, options: $1) }
        if connection.json { return try Output.message(response) }
        print("disconnection \(response.id) recorded: account \(account) on \(date)"
            + (decision.map { " under decision \($0)" } ?? "") + "  [idempotency key \(request.idempotencyKey)]")
    }
}
