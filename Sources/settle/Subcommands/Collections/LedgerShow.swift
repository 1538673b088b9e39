import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle ledger show ACCOUNT [--as-of DATE] [--entries]`.
struct LedgerShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "An account's balance, past due, open items (oldest first) and, with --entries, its entries.")

    @Argument(help: "Account number.") var account: String
    @Option(name: .long, help: "As of this date, YYYY-MM-DD (default: every entry).") var asOf: String?
    @Flag(name: .long, help: "List the entries too.") var entries = false
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_GetAccountLedgerRequest()
        request.accountNumber = account
        request.asOf = asOf ?? ""
        request.includeEntries = entries
        let response = try await connection.withClient {
            try await $0.client(CollectionsV1.Client.self).getAccountLedger(request, options: connection.callOptions)
        }
        if connection.json { return try Output.message(response) }
        print("account \(response.accountNumber) as of \(response.asOf)")
        print("  balance \(Dollars.signed(response.balanceCents)), past due \(Dollars.signed(response.pastDueCents)), credit \(Dollars.signed(response.creditCents)), held \(Dollars.signed(response.heldCents))")
        // Budget billing: the actual charges billed under a plan beyond the installments they made due.
        if response.deferredCents != 0 {
            print("  deferred (budget billing) \(Dollars.signed(response.deferredCents)): actual charges less installments billed, not due until the plan settles up or ends")
        }
        Output.table(["ENTRY", "KIND", "BILL", "DUE", "ORIGINAL", "OPEN", "DAYS PAST DUE"], response.openItems.map {
            ["\($0.entryID)", $0.kind, $0.billID, $0.dueDate, Dollars.signed($0.originalCents), Dollars.signed($0.openCents), "\(max(0, $0.daysPastDue))"]
        })
        if entries {
            Output.table(["ID", "DATE", "KIND", "AMOUNT", "DUE", "BILL", "REFERENCE", "REVERSES", "MEMO"], response.entries.map {
                ["\($0.id)", $0.entryDate, $0.kind, Dollars.signed($0.amountCents), $0.dueDate, $0.billID, $0.reference,
                 $0.reversesID == 0 ? "" : "\($0.reversesID)", $0.memo]
            })
        }
    }
}
