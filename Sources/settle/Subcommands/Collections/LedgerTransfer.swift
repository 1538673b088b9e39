import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle ledger transfer --from N --to M --amount A [--date D] [--memo T]`: moves a balance
/// (e.g. a closed account's debt to the customer's new account) as a pair of transfer entries.
struct LedgerTransfer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer", abstract: "Move an amount from one account's balance to another's (two transfer entries).")

    @Option(name: .long, help: "The account the amount leaves.") var from: String
    @Option(name: .long, help: "The account it goes to.") var to: String
    @Option(name: .long, help: "Amount in dollars, e.g. 125.00.") var amount: String
    @Option(name: .long, help: "The entries' date, YYYY-MM-DD (default: today).") var date: String?
    @Option(name: .long, help: "A note on both entries.") var memo = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws { _ = try CollectionsFormat.amount(amount, option: "--amount") }

    func run() async throws {
        var request = Settle_Collections_V1_TransferBalanceRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.fromAccount = from
        request.toAccount = to
        request.amountCents = try CollectionsFormat.amount(amount, option: "--amount")
        request.entryDate = date ?? ""
        request.memo = memo
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).transferBalance(request, options: $1) }
        if connection.json { return try Output.message(response) }
        Output.table(["ENTRY", "ACCOUNT", "KIND", "AMOUNT", "DATE", "MEMO"], [response.fromEntry, response.toEntry].map {
            ["\($0.id)", $0.accountNumber, $0.kind, Dollars.signed($0.amountCents), $0.entryDate, $0.memo]
        })
        print("[idempotency key \(request.idempotencyKey)]")
    }
}
