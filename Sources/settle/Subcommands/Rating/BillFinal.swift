import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle bill final AGREEMENT`: the final bill of a moved-out agreement.
struct BillFinalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "final",
        abstract: "Issue the final bill of a moved-out agreement (to its move-out read), record it in Accounts and post it to Collections.",
        discussion: "Safe to repeat: an agreement has one final bill, and a repeat finishes whatever an interruption left.")

    @Argument(help: "Service agreement id.") var agreement: UInt64
    @Option(name: .long, help: "Bill date YYYY-MM-DD (default today).") var billDate: String?
    @Option(name: .long, help: "Days from the bill date to the due date (default 21).") var dueDays: UInt32?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_BillFinalRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "bill-final-\(agreement)"
        request.agreementID = agreement
        request.billDate = billDate ?? ""
        request.dueDays = dueDays ?? 0
        let response = try await mutation.send(connection) { try await $0.client(RatingV1.Client.self).billFinal(request, options: $1) }
        if connection.json { return try Output.message(response) }
        let bill = response.bill
        print("final bill \(bill.id) for agreement \(bill.agreementID)\(response.alreadyBilled ? " (issued earlier; nothing billed twice)" : "")")
        Output.table(["BILL", "ACCOUNT", "PERIOD", "FROM", "TO", "TOTAL", "BILL DATE", "DUE", "AGREEMENT", "POSTED"], [[
            bill.id, bill.accountNumber, bill.period, bill.input.periodStart, bill.input.periodEnd, Dollars.plain(bill.rated.totalCents),
            bill.billDate, bill.dueDate, response.agreementStatus, response.posted > 0 ? "now" : "already",
        ]])
    }
}
