import ArgumentParser
import SettleClient
import SettleContracts

/// `settle program budget enroll AGREEMENT [--from D] [--settle-up-month M] --reason TEXT`.
struct BudgetEnroll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll", abstract: "Put an agreement on a budget plan, after the policy's checks (every refusal is listed).")

    @Argument(help: "Agreement number.") var agreement: UInt64
    @Option(name: .long, help: "First day of the plan, YYYY-MM-DD (default today).") var from: String?
    @Option(name: .long, help: "The settle-up month, 1–12 (default the month of --from).") var settleUpMonth: UInt32?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Programs_V1_EnrollBudgetRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.agreementID = agreement
        request.effectiveFrom = from ?? ""
        request.settleUpMonth = settleUpMonth ?? 0
        request.reason = mutation.reason ?? ""
        let plan = try await mutation.send(connection) { try await $0.client(ProgramsV1.Client.self).enrollBudget(request, options: $1) }
        if connection.json { return try Output.message(plan) }
        BudgetFormat.printPlan(plan)
    }
}
