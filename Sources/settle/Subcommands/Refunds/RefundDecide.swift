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
            if connection.json { return try Output.message(refund) }
            Output.table(RefundsFormat.refundHeaders, RefundsFormat.refundRows([refund]))
        }
    }
}
