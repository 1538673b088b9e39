import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections deposit --account N [--as-of DATE]`.
struct CollectionsDeposit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deposit", abstract: "An account's deposit: required amount, held, interest, and refund eligibility with the reasons.")

    @Option(name: .long, help: "Account number.") var account: String
    @Option(name: .long, help: "As of this date, YYYY-MM-DD (default: today).") var asOf: String?
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_GetDepositStatusRequest()
        request.accountNumber = account
        request.asOf = asOf ?? ""
        let response = try await connection.withClient {
            try await $0.client(CollectionsV1.Client.self).getDepositStatus(request, options: connection.callOptions)
        }
        if connection.json { return try Output.message(response) }
        print("account \(response.accountNumber) deposit as of \(response.asOf)")
        Output.table(["", "AMOUNT"], [
            ["estimated annual billing", Dollars.signed(response.estimatedAnnualBillingCents)],
            ["required", Dollars.signed(response.requiredCents)],
            ["billed", Dollars.signed(response.billedCents)],
            ["held", Dollars.signed(response.heldCents)],
            ["interest accrued", Dollars.signed(response.interestCents)],
        ])
        print("refund eligible: \(response.refundEligible ? "yes" : "no")")
        for reason in response.reasons { print("  \(reason)") }
    }
}
