import ArgumentParser
import SettleClient
import SettleContracts
import SettleRPC

extension RefundDecide {
    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve a submitted refund (never your own; above the threshold, a supervisor).")
        @OptionGroup var options: Options
        func run() async throws { try await options.send("approve") { try await $0.approveRefund($1, options: $2) } }
    }
}
