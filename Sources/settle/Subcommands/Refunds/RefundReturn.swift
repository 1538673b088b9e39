import ArgumentParser
import SettleClient
import SettleContracts
import SettleRPC

/// `settle refund return R000001 --code R01|uncashed [--date D]`.
struct RefundReturn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "return", abstract: "A returned ACH entry (R01…R85) or an uncashed check: void the payment and re-open the credit.")

    @Argument(help: "Refund id.") var id: String
    @Option(name: .long, help: "The ACH return reason code, or uncashed.") var code: String
    @Option(name: .long, help: "YYYY-MM-DD (default today).") var date: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Refunds_V1_ReturnDisbursementRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "return-\(id)-\(code)"
        request.refundID = id
        request.returnCode = code
        request.returnDate = date ?? ""
        request.reason = mutation.reason ?? ""
        let refund = try await mutation.send(connection) { try await $0.client(RefundsV1.Client.self).returnDisbursement(request, options: $1) }
        if connection.json { return try Output.message(refund) }
        Output.table(RefundsFormat.refundHeaders, RefundsFormat.refundRows([refund]))
    }
}
