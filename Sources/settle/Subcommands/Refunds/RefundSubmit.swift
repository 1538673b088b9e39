import ArgumentParser
import SettleClient
import SettleContracts
import SettleRPC

extension RefundDecide {
    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "submit", abstract: "Submit a draft for approval.")
        @OptionGroup var options: Options
        func run() async throws { try await options.send("submit") { try await $0.submitRefund($1, options: $2) } }
    }
}
