import ArgumentParser
import SettleClient
import SettleContracts
import SwiftProtobuf

/// `settle program budget show AGREEMENT`.
struct BudgetShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "An agreement's budget plan with its bills and installment changes.")

    @Argument(help: "Agreement number.") var agreement: UInt64
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let options = connection.callOptions
        let plan = try await connection.withClient {
            try await $0.client(ProgramsV1.Client.self).getBudgetPlan(.with { $0.agreementID = agreement }, options: options)
        }
        if connection.json { return try Output.message(plan) }
        BudgetFormat.printPlan(plan)
    }
}
