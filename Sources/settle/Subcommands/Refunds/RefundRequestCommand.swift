import ArgumentParser
import SettleClient
import SettleContracts
import SettleRPC

/// `settle refund request --kind K --account N [--date D] [--bill B] [--keep-as-credit] [--tax-type T] [--case C] [--draft]`.
struct RefundRequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "request", abstract: "Compute a refund from its sources and submit it (or keep it a draft).")

    @Option(name: .long, help: "credit_balance, deposit, billing_error, tax_exempt or bankruptcy_discharge.") var kind: String
    @Option(name: .long, help: "The account.") var account: String
    @Option(name: .long, help: "The day the calculation is for, YYYY-MM-DD (default today).") var date: String?
    @Option(name: .long, help: "billing_error: the cancelled bill.") var bill: String?
    @Flag(name: .long, help: "billing_error: the customer keeps the difference as credit.") var keepAsCredit = false
    @Option(name: .long, help: "tax_exempt: the tax type, e.g. sales-tax.") var taxType: String?
    @Option(name: .customLong("case"), help: "bankruptcy_discharge: the case number.") var caseNumber: String?
    @Option(name: .long, help: "A note for the reviewer (repeatable).") var note: [String] = []
    @Flag(name: .long, help: "Keep it a draft (settle refund submit later).") var draft = false
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Refunds_V1_RequestRefundRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.kind = kind
        request.accountNumber = account
        request.refundDate = date ?? ""
        request.billID = bill ?? ""
        request.keepAsCredit = keepAsCredit
        request.taxType = taxType ?? ""
        request.caseNumber = caseNumber ?? ""
        request.notes = note
        request.draft = draft
        request.reason = mutation.reason ?? ""
        let refund = try await mutation.send(connection) { try await $0.client(RefundsV1.Client.self).requestRefund(request, options: $1) }
        if connection.json { return try Output.message(refund) }
        RefundsFormat.review(refund)
        print("\nidempotency key: \(request.idempotencyKey)")
    }
}
