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
        try await BudgetFormat.changePlan(mutation, connection) { programs, key, reason, options in
            try await programs.settleUpBudget(.with { $0.idempotencyKey = key; $0.agreementID = agreement; $0.reason = reason }, options: options)
        }
    }
}
