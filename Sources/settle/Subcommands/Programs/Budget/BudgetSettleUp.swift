import ArgumentParser
import SettleClient
import SettleContracts
import SwiftProtobuf

/// `settle program budget settle-up AGREEMENT --reason TEXT`: the next bill settles up.
struct BudgetSettleUp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle-up", abstract: "Make the plan's next bill a settle-up: the deferred balance billed (or credited), the installment recomputed.")

    @Argument(help: "Agreement number.") var agreement: UInt64
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let key = mutation.resolvedKey(), reason = mutation.reason ?? "", options = mutation.callOptions(connection)
        let plan = try await connection.withClient {
            try await $0.client(ProgramsV1.Client.self).settleUpBudget(.with { $0.idempotencyKey = key; $0.agreementID = agreement; $0.reason = reason }, options: options)
        }
        if connection.json { return try Output.message(plan) }
        BudgetFormat.printPlan(plan)
    }
}
