import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle ledger reverse ENTRY [--date D] [--memo T]`: the correction of a mistaken entry.
struct LedgerReverse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reverse", abstract: "Reverse one entry (the original stays); reversing twice reverses once.",
        discussion: "The default idempotency key is the entry's id.")

    @Argument(help: "The entry's id.") var entry: UInt64
    @Option(name: .long, help: "The reversal's date, YYYY-MM-DD (default: today).") var date: String?
    @Option(name: .long, help: "Why, on the entry.") var memo = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_ReverseEntryRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "reverse-\(entry)"
        request.entryID = entry
        request.entryDate = date ?? ""
        request.memo = memo
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).reverseEntry(request, options: $1) }
        if connection.json { return try Output.message(response) }
        let reversal = response.entry
        Output.table(["ENTRY", "ACCOUNT", "KIND", "AMOUNT", "DATE", "REVERSES", "BALANCE"], [[
            "\(reversal.id)", reversal.accountNumber, reversal.kind, Dollars.signed(reversal.amountCents), reversal.entryDate,
            "\(reversal.reversesID)", Dollars.signed(response.balanceCents),
        ]])
        if response.alreadyReversed { print("(already reversed: this is the earlier reversal)") }
    }
}
