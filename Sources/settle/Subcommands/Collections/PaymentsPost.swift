import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleDomain

/// `settle payments post --account N --amount 125.00 --date D --reference R`.
struct PaymentsPost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post",
        abstract: "Post one payment; it pays the oldest open charges first.",
        discussion: "The default idempotency key is derived from the reference, so repeating the command posts nothing twice.")

    @Option(name: .long, help: "Account number.") var account: String
    @Option(name: .long, help: "Amount in dollars, e.g. 125.00.") var amount: String
    @Option(name: .long, help: "Payment date, YYYY-MM-DD.") var date: String
    @Option(name: .long, help: "The payment's unique reference.") var reference: String
    @Option(name: .long, help: "lockbox, card, cash, …") var channel = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard let cents = Dollars.cents(amount) else { throw ValidationError("--amount '\(amount)' is not dollars like 125.00") }
        var request = Settle_Collections_V1_PostPaymentRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "payment-\(reference)"
        request.accountNumber = account
        request.amountCents = cents
        request.paymentDate = date
        request.reference = reference
        request.channel = channel
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).postPayment(request, options: $1) }
        if connection.json { return try Output.message(response) }
        print("payment \(response.entry.id): \(Dollars.signed(-response.entry.amountCents)) to \(account) on \(response.entry.entryDate)")
        Output.table(["ENTRY", "BILL", "APPLIED"], response.applied.map { ["\($0.entryID)", $0.billID, Dollars.signed($0.appliedCents)] })
        print("balance \(Dollars.signed(response.balanceCents)), unapplied credit \(Dollars.signed(response.creditCents))")
    }
}
