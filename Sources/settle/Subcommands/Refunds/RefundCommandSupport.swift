import ArgumentParser
import SettleClient
import SettleContracts
import SettleRPC

/// `settle refund approve|reject|void|reissue|submit R000001 [--reason TEXT]`.
enum RefundDecide {
    struct Options: ParsableArguments {
        @Argument(help: "Refund id, e.g. R000001.") var id: String
        @OptionGroup var mutation: MutationOptions
        @OptionGroup var connection: ConnectionOptions

        func request(_ action: String) -> Settle_Refunds_V1_DecideRefundRequest {
            var request = Settle_Refunds_V1_DecideRefundRequest()
            // Repeating the command changes nothing twice: the key is made of the id and action.
            request.idempotencyKey = mutation.idempotencyKey ?? "\(action)-\(id)"
            request.refundID = id
            request.reason = mutation.reason ?? ""
            return request
        }

        func send(_ action: String, _ call: @escaping @Sendable (RefundsV1.Client, Settle_Refunds_V1_DecideRefundRequest, CallOptions) async throws -> Settle_Refunds_V1_RefundRequest) async throws {
            let request = request(action)
            let options = mutation.callOptions(connection)
            let refund = try await connection.withClient { try await call($0.client(RefundsV1.Client.self), request, options) }
            if connection.json { return try AccountsFormat.printJSON(refund) }
            Output.table(RefundsFormat.refundHeaders, RefundsFormat.refundRows([refund]))
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve a submitted refund (never your own; above the threshold, a supervisor).")
        @OptionGroup var options: Options
        func run() async throws { try await options.send("approve") { try await $0.approveRefund($1, options: $2) } }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject a refund; --reason says why and is kept.")
        @OptionGroup var options: Options
        func validate() throws { if options.mutation.reason?.isEmpty != false { throw ValidationError("--reason is required: a rejection says why") } }
        func run() async throws { try await options.send("reject") { try await $0.rejectRefund($1, options: $2) } }
    }

    struct Void: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "void", abstract: "Void an approved refund, or a paid one (its refund entry is reversed and the credit re-opened).")
        @OptionGroup var options: Options
        func validate() throws { if options.mutation.reason?.isEmpty != false { throw ValidationError("--reason is required: a void says why") } }
        func run() async throws { try await options.send("void") { try await $0.voidRefund($1, options: $2) } }
    }

    struct Reissue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reissue", abstract: "Request a voided refund again (approved again before it is paid).")
        @OptionGroup var options: Options
        func run() async throws { try await options.send("reissue") { try await $0.reissueRefund($1, options: $2) } }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "submit", abstract: "Submit a draft for approval.")
        @OptionGroup var options: Options
        func run() async throws { try await options.send("submit") { try await $0.submitRefund($1, options: $2) } }
    }
}
