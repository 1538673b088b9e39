import Foundation
import GRDB
import SettleContracts
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Serves `settle.accounts.v1.Accounts`. Each area's methods live in their own extension
/// file; this holds what they share.
struct AccountsService: AccountsV1.ServiceProtocol {
    let store: ModuleStore
    let reads: ReadRequester
    /// The utility's time zone: "today" for summaries is a calendar date in it.
    let timeZone: TimeZone

    /// Runs a mutation through the SDK (once per key, with its audit records) and returns
    /// the response, identical on a retry.
    func mutate<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ request: Request,
        key: String,
        context: ServerContext,
        _ body: @escaping @Sendable (Database, AuditTrail) throws -> Response
    ) async throws -> IdempotentResponse<Response> {
        try await store.mutate(request, idempotencyKey: key, context: context, body)
    }

    /// The key a mutation runs under: the request's field, else the call's metadata.
    func effectiveKey(_ requestKey: String, context: ServerContext) -> String {
        requestKey.isEmpty ? (context.idempotencyKey ?? "") : requestKey
    }
}
