import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections hold place --account N --amount A --why TEXT --expiry D [--start D]`.
struct CollectionsHoldPlace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "place", abstract: "Place a hold on an amount of an account, through an expiry date.")

    @Option(name: .long, help: "Account number.") var account: String
    @Option(name: .long, help: "The held amount in dollars, e.g. 50.00.") var amount: String
    @Option(name: .customLong("why"), help: "Why collection is held (e.g. billing review); kept on the hold.") var holdReason: String
    @Option(name: .long, help: "The first day it holds, YYYY-MM-DD (default: today).") var start: String?
    @Option(name: .long, help: "The last day it holds, YYYY-MM-DD.") var expiry: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        _ = try CollectionsFormat.amount(amount, option: "--amount")
    }

    func run() async throws {
        var request = Settle_Collections_V1_PlaceHoldRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.accountNumber = account
        request.amountCents = try CollectionsFormat.amount(amount, option: "--amount")
        request.reason = holdReason
        request.startDate = start ?? ""
        request.expiryDate = expiry
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).placeHold(request, options: $1) }
        if connection.json { return try Output.message(response) }
        let hold = response.hold
        print("hold \(hold.id) on account \(hold.accountNumber): \(Dollars.signed(hold.amountCents)) from \(hold.startDate) through \(hold.expiryDate) (\(hold.reason))  [idempotency key \(request.idempotencyKey)]")
    }
}
