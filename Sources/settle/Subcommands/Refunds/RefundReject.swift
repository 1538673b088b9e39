import ArgumentParser
import SettleClient
import SettleContracts
import SettleRPC

extension RefundDecide {
    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject a refund; --reason says why and is kept.")
        @OptionGroup var options: Options
        func validate() throws { if options.mutation.reason?.isEmpty != false { throw ValidationError("--reason is required: a rejection says why") } }
        func run() async throws { try await options.send("reject") { try await $0.rejectRefund($1, options: $2) } }
    }
}
