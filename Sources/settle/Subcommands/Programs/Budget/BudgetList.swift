import ArgumentParser
import SettleClient
import SettleContracts
import SwiftProtobuf

/// `settle program budget list [--status S] [--due-for-review]`.
struct BudgetList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Budget plans, or only those whose installment drifted beyond the policy's threshold.")

    @Option(name: .long, help: "active, leaving, removed or defaulted (default all).") var status: String?
    @Flag(name: .long, help: "Only active plans whose recalculated installment differs from the current by more than the threshold.") var dueForReview = false
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let options = connection.callOptions
        let response = try await connection.withClient {
            try await $0.client(ProgramsV1.Client.self).listBudgetPlans(.with { $0.status = status ?? ""; $0.dueForReview = dueForReview }, options: options)
        }
        if connection.json { return try Output.message(response) }
        Output.table(BudgetFormat.planHeaders, BudgetFormat.planRows(response.plans))
    }
}
