import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections arrangement show ID [--as-of D]`.
struct CollectionsArrangementShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "An arrangement's schedule, what was paid and its standing as of a day.")

    @Argument(help: "The arrangement's id.") var id: UInt64
    @Option(name: .long, help: "As of this date, YYYY-MM-DD (default: today).") var asOf: String?
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_GetArrangementRequest()
        request.arrangementID = id
        request.asOf = asOf ?? ""
        let response = try await connection.withClient {
            try await $0.client(CollectionsV1.Client.self).getArrangement(request, options: connection.callOptions)
        }
        if connection.json { return try Output.message(response) }
        Self.print(response.arrangement)
    }

    static func print(_ arrangement: Settle_Collections_V1_Arrangement) {
        Swift.print("arrangement \(arrangement.id) on account \(arrangement.accountNumber): \(Dollars.signed(arrangement.totalCents)), "
            + "down \(Dollars.signed(arrangement.downPaymentCents)), \(arrangement.installments) monthly installment(s) from \(arrangement.startDate)")
        Swift.print("as of \(arrangement.asOf): \(arrangement.status)\(arrangement.brokenOn.isEmpty ? "" : " on \(arrangement.brokenOn)"), paid \(Dollars.signed(arrangement.paidCents))")
        Swift.print("paid toward it \(Dollars.signed(arrangement.paidTowardCents)) (new bills due since the start \(Dollars.signed(arrangement.newBillsCents)) are covered first)")
        Output.table(["#", "DUE", "AMOUNT", "CUMULATIVE", "PAID TOWARD BY DUE", "KEPT"], arrangement.schedule.map {
            [$0.number == 0 ? "down" : "\($0.number)", $0.dueDate, Dollars.signed($0.amountCents), Dollars.signed($0.cumulativeCents),
             Dollars.signed($0.paidTowardCents), $0.dueDate < arrangement.asOf ? ($0.kept ? "yes" : "no") : "-"]
        })
    }
}
