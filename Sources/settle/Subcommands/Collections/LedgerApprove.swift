import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle ledger approve PENDING`: post a credit or write-off another clerk entered above the
/// two-person threshold.
struct LedgerApprove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Post a credit or write-off that waits for a second person (never the one who entered it).")

    @Argument(help: "The pending entry's id, as settle ledger post printed it.") var pending: UInt64
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_ApproveEntryRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "approve-entry-\(pending)"
        request.pendingID = pending
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).approveEntry(request, options: $1) }
        if connection.json { return try Output.message(response) }
        let entry = response.entry
        print("entry \(entry.id): \(entry.kind) \(Dollars.signed(entry.amountCents)) to \(entry.accountNumber) on \(entry.entryDate) (pending entry \(pending) approved); balance \(Dollars.signed(response.balanceCents))")
    }
}
