import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle ledger check`: sum of balances against sum of entries. Exits 1 when unbalanced.
struct LedgerCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Trial balance: every account's balance summed against the sum of all entries (exit 1 when they differ).")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let response = try await connection.withClient {
            try await $0.client(CollectionsV1.Client.self).checkLedger(.init(), options: connection.callOptions)
        }
        if connection.json {
            try Output.message(response)
        } else {
            Output.table(["KIND", "SUM"], response.byKindCents.sorted { $0.key < $1.key }.map { [$0.key, Dollars.signed($0.value)] })
            print("accounts \(response.accounts), entries \(response.entries)")
            print("sum of balances \(Dollars.signed(response.sumOfBalancesCents)); sum of entries \(Dollars.signed(response.sumOfEntriesCents))")
            print(response.balanced ? "balanced" : "NOT BALANCED")
            for problem in response.problems { print("  \(problem)") }
        }
        if !response.balanced { throw ExitCode(1) }
    }
}
