import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleDomain

/// `settle payments return --reference R --date D [--reason NSF]`.
struct PaymentsReturn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return", abstract: "A returned (NSF) payment: reverses it and charges the configured fee, once.")

    @Option(name: .long, help: "The payment's reference.") var reference: String
    @Option(name: .long, help: "Return date, YYYY-MM-DD.") var date: String
    @Option(name: .customLong("why"), help: "Why the bank returned it.") var returnReason = "NSF"
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_ReturnPaymentRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "return-\(reference)"
        request.reference = reference
        request.returnDate = date
        request.reason = returnReason
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).returnPayment(request, options: $1) }
        if connection.json { return try Output.message(response) }
        print(response.alreadyReturned ? "already returned" : "returned: reversal \(response.reversal.id) of \(Dollars.signed(response.reversal.amountCents))")
        if response.fee.id != 0 { print("fee \(response.fee.id): \(Dollars.signed(response.fee.amountCents))") }
        print("balance \(Dollars.signed(response.balanceCents))")
    }
}
