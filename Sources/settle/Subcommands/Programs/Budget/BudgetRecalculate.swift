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
        try await BudgetFormat.changePlan(mutation, connection) { programs, key, reason, options in
            try await programs.recalculateBudget(.with { $0.idempotencyKey = key; $0.agreementID = agreement; $0.reason = reason }, options: options)
        }
    }
}
