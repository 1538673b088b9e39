import ArgumentParser
import SettleClient
import SettleContracts
import SwiftProtobuf

/// `settle program budget remove AGREEMENT [--date D] --reason TEXT`.
struct BudgetRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Take an agreement off its plan: the deferred balance is due on the next bill, then the plan ends.")

    @Argument(help: "Agreement number.") var agreement: UInt64
    @Option(name: .long, help: "The day it leaves, YYYY-MM-DD (default today).") var date: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let day = date ?? ""
        try await BudgetFormat.changePlan(mutation, connection) { programs, key, reason, options in
            try await programs.removeBudget(.with { $0.idempotencyKey = key; $0.agreementID = agreement; $0.date = day; $0.reason = reason }, options: options)
        }
    }
}
