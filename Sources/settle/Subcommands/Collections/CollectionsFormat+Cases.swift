import SettleClient
import SettleContracts
import SettleRPC
import SwiftProtobuf

extension CollectionsFormat {
    /// One account's cases of a kind — disputes, holds, arrangements — asked with the one
    /// request every case list takes; nil when `--json` has printed the answer already.
    static func cases<Response: SwiftProtobuf.Message>(
        account: String, asOf: String = "", _ connection: ConnectionOptions,
        _ call: (CollectionsV1.Client, Settle_Collections_V1_ListCasesRequest, CallOptions) async throws -> Response
    ) async throws -> Response? {
        var request = Settle_Collections_V1_ListCasesRequest()
        request.accountNumber = account
        request.asOf = asOf
        let options = connection.callOptions
        let response = try await connection.withClient { try await call($0.client(CollectionsV1.Client.self), request, options) }
        if connection.json {
            try Output.message(response)
            return nil
        }
        return response
    }
}
