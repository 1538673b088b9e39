import ArgumentParser
import SettleClient
import SettleContracts
import SwiftProtobuf

/// `settle program budget recalculate AGREEMENT --reason TEXT`: the installment recomputed now.
struct BudgetRecalculate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "recalculate", abstract: "Recompute a plan's installment now (audited, with the reason).")

    @Argument(help: "Agreement number.") var agreement: UInt64
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let key = mutation.resolvedKey(), reason = mutation.reason ?? "", options = mutation.callOptions(connection)
        let plan = try await connection.withClient {
            try await $0.client(ProgramsV1.Client.self).recalculateBudget(.with { $0.idempotencyKey = key; $0.agreementID = agreement; $0.reason = reason }, options: options)
        }
        if connection.json { return try Output.message(plan) }
        BudgetFormat.printPlan(plan)
    }
}
