import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections pledge record --account N --agency A --amount 100.00 --expiry D [--date D]`.
struct CollectionsPledgeRecord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record an agency's pledge to pay; pending (no disconnection) through its expiry date unless marked sooner.")

    @Option(name: .long, help: "Account number.") var account: String
    @Option(name: .long, help: "The agency that pledged, e.g. \"LIHEAP Sangamon County\".") var agency: String
    @Option(name: .long, help: "The pledged amount in dollars, e.g. 100.00.") var amount: String
    @Option(name: .long, help: "The day of the pledge, YYYY-MM-DD (default: today).") var date: String?
    @Option(name: .long, help: "The last day it is pending, YYYY-MM-DD.") var expiry: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        _ = try CollectionsFormat.amount(amount, option: "--amount")
    }

    func run() async throws {
        var request = Settle_Collections_V1_RecordPledgeRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.accountNumber = account
        request.agency = agency
        request.amountCents = try CollectionsFormat.amount(amount, option: "--amount")
        request.pledgedDate = date ?? ""
        request.expiryDate = expiry
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).recordPledge(request, options: $1) }
        if connection.json { return try Output.message(response) }
        let pledge = response.pledge
        print("pledge \(pledge.id) on account \(pledge.accountNumber): \(Dollars.signed(pledge.amountCents)) from \(pledge.agency), pending \(pledge.pledgedDate) through \(pledge.expiryDate)  [idempotency key \(request.idempotencyKey)]")
    }
}
