import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle ledger post --account N --kind K --amount A [--date D] [--due D] [--memo T]`.
struct LedgerPost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post",
        abstract: "Post an adjustment, credit, write-off or deposit entry (billed, applied, refunded).",
        discussion: """
            The amount is positive and the kind gives the entry its sign: credit, write_off and \
            deposit_applied lower what is owed, deposit_billed raises it, deposit_refunded leaves it \
            and only lowers the deposit held; an adjustment may be negative (--amount=-12.50). A deposit \
            applied or refunded cannot exceed the deposit held.
            """)

    @Option(name: .long, help: "Account number.") var account: String
    @Option(name: .long, help: "adjustment, credit, write_off, deposit_billed, deposit_applied or deposit_refunded.") var kind: String
    @Option(name: .long, help: "Amount in dollars, e.g. 125.00.") var amount: String
    @Option(name: .long, help: "The entry's date, YYYY-MM-DD (default: today).") var date: String?
    @Option(name: .long, help: "When an amount owed is due, YYYY-MM-DD (default: the entry's date).") var due: String?
    @Option(name: .long, help: "A note on the entry.") var memo = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        _ = try CollectionsFormat.amount(amount, option: "--amount", signed: kind == "adjustment")
    }

    func run() async throws {
        var request = Settle_Collections_V1_PostEntryRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.accountNumber = account
        request.kind = kind
        request.amountCents = try CollectionsFormat.amount(amount, option: "--amount", signed: kind == "adjustment")
        request.entryDate = date ?? ""
        request.dueDate = due ?? ""
        request.memo = memo
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).postEntry(request, options: $1) }
        if connection.json { return try Output.message(response) }
        if response.pendingApprovalID != 0 {
            return print("pending entry \(response.pendingApprovalID): \(kind) \(amount) to \(account) waits for a second person (settle ledger approve \(response.pendingApprovalID)); nothing posted yet  [idempotency key \(request.idempotencyKey)]")
        }
        let entry = response.entry
        var line = "entry \(entry.id): \(entry.kind) \(Dollars.signed(entry.amountCents)) to \(entry.accountNumber) on \(entry.entryDate)"
        if entry.depositCents != 0 {
            line += " (deposit \(Dollars.signed(entry.depositCents)), deposit held \(Dollars.signed(response.depositHeldCents)))"
        }
        print(line + "; balance \(Dollars.signed(response.balanceCents))  [idempotency key \(request.idempotencyKey)]")
    }
}
