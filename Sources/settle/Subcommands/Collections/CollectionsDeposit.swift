import ArgumentParser
import SettleClient
import SettleContracts

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
        if connection.json { return try AccountsFormat.printJSON(response) }
        print("account \(response.accountNumber) deposit as of \(response.asOf)")
        Output.table(["", "AMOUNT"], [
            ["estimated annual billing", AccountsFormat.dollars(response.estimatedAnnualBillingCents)],
            ["required", AccountsFormat.dollars(response.requiredCents)],
            ["billed", AccountsFormat.dollars(response.billedCents)],
            ["held", AccountsFormat.dollars(response.heldCents)],
            ["interest accrued", AccountsFormat.dollars(response.interestCents)],
        ])
        print("refund eligible: \(response.refundEligible ? "yes" : "no")")
        for reason in response.reasons { print("  \(reason)") }
    }
}
