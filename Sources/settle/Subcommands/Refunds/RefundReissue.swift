import ArgumentParser
import SettleClient
import SettleContracts
import SettleRPC

extension RefundDecide {
    struct Reissue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reissue", abstract: "Request a voided refund again (approved again before it is paid).")
        @OptionGroup var options: Options
        func run() async throws { try await options.send("reissue") { try await $0.reissueRefund($1, options: $2) } }
    }
}
