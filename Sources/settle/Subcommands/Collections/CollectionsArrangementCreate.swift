import ArgumentParser
import SettleClient
import SettleContracts

/// `settle collections arrangement create --account N (--installment DATE=AMOUNT … | --installments K [--start D] [--total A] [--down-payment A])`.
struct CollectionsArrangementCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Arrange arrears as installments on agreed dates (--installment DATE=AMOUNT, repeated), or as a down payment and equal monthly installments.")

    @Option(name: .long, help: "Account number.") var account: String
    @Option(name: .long, help: "The amount arranged in dollars (default: the past due on the start day).") var total: String?
    @Option(name: .long, help: "The down payment in dollars, due on the start day.") var downPayment = "0"
    @Option(name: .long, help: "The start day, YYYY-MM-DD (default: today).") var start: String?
    @Option(name: .long, help: "Monthly installments after the down payment, 1 to 60.") var installments: UInt32?
    @Option(name: .long, help: "One installment agreed, DATE=AMOUNT (e.g. 2025-04-10=100.00); repeat for each.") var installment: [String] = []
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        _ = try total.map { try CollectionsFormat.amount($0, option: "--total") }
        _ = try CollectionsFormat.amount(downPayment, option: "--down-payment")
        _ = try schedule()
        guard installment.isEmpty != (installments == nil) else {
            throw ValidationError("give --installment DATE=AMOUNT (repeated) or --installments K, one of them")
        }
    }

    /// The explicit installments, each `DATE=AMOUNT`.
    func schedule() throws -> [Settle_Collections_V1_Installment] {
        try installment.map { text in
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0].count == 10 else { throw ValidationError("--installment '\(text)': expected DATE=AMOUNT, e.g. 2025-04-10=100.00") }
            var item = Settle_Collections_V1_Installment()
            item.dueDate = parts[0]
            item.amountCents = try CollectionsFormat.amount(parts[1], option: "--installment \(parts[0])")
            return item
        }
    }

    func run() async throws {
        var request = Settle_Collections_V1_CreateArrangementRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.accountNumber = account
        request.totalCents = try total.map { try CollectionsFormat.amount($0, option: "--total") } ?? 0
        request.downPaymentCents = try CollectionsFormat.amount(downPayment, option: "--down-payment")
        request.startDate = start ?? ""
        request.installments = installments ?? 0
        request.schedule = try schedule()
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).createArrangement(request, options: $1) }
        if connection.json { return try Output.message(response) }
        CollectionsArrangementShow.print(response.arrangement)
        print("[idempotency key \(request.idempotencyKey)]")
    }
}
