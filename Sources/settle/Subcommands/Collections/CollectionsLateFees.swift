import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections late-fees --as-of DATE`.
struct CollectionsLateFees: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "late-fees", abstract: "Charge the policy's late fee on every bill past due, never twice for the same bill.")

    @Option(name: .long, help: "As of this date, YYYY-MM-DD.") var asOf: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_AssessLateFeesRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "late-fees-\(asOf)"
        request.asOf = asOf
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).assessLateFees(request, options: $1) }
        if connection.json { return try Output.message(response) }
        print("\(response.fees) late fee(s), \(Dollars.signed(response.feeCents)); \(response.alreadyCharged) bill(s) already had theirs")
        Output.table(["ACCOUNT", "BILL", "FEE"], response.entries.map { [$0.accountNumber, $0.billID, Dollars.signed($0.amountCents)] })
    }
}
