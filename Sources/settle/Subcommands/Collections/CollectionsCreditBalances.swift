import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections credit-balances [--as-of D] [--include-active]`: what is owed back to
/// customers whose accounts were final-billed, for the Refunds module to pay.
struct CollectionsCreditBalances: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit-balances", abstract: "Final-billed (closed) accounts left with a credit balance, listed for refund.")

    @Option(name: .long, help: "As of this date, YYYY-MM-DD (default: today).") var asOf: String?
    @Flag(name: .long, help: "Also accounts still in service with a credit.") var includeActive = false
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_ListCreditBalancesRequest()
        request.asOf = asOf ?? ""
        request.includeActive = includeActive
        let response = try await connection.withClient {
            try await $0.client(CollectionsV1.Client.self).listCreditBalances(request, options: connection.callOptions)
        }
        if connection.json { return try Output.message(response) }
        Output.table(["ACCOUNT", "CREDIT", "FINAL BILL", "FINAL BILL DATE"], response.accounts.map {
            [$0.accountNumber, Dollars.signed($0.creditCents), Cell.dash($0.finalBillID), Cell.dash($0.finalBillDate)]
        })
        print("\(response.accounts.count) account(s), \(Dollars.signed(response.totalCents)) in credit")
    }
}
