import ArgumentParser
import SettleClient
import SettleContracts
import SettleRPC

extension RefundDecide {
    struct Void: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "void", abstract: "Void an approved refund, or a paid one (its refund entry is reversed and the credit re-opened).")
        @OptionGroup var options: Options
        func validate() throws { if options.mutation.reason?.isEmpty != false { throw ValidationError("--reason is required: a void says why") } }
        func run() async throws { try await options.send("void") { try await $0.voidRefund($1, options: $2) } }
    }
}
