public import Foundation
public import GRDB
public import SettleDomain
public import SettleRPC
public import SwiftProtobuf

/// A module's service over its own store, with what its handler files share: today in the
/// utility's time zone, a mutation run once per idempotency key, and the reason a caller gave.
///
/// Each module wrote these three the same way in its `<Module>Service`; conforming gives them.
public protocol ModuleService: Sendable {
    var store: ModuleStore { get }
    /// The utility's time zone: "today" is a calendar date there, not in UTC.
    var timeZone: TimeZone { get }
}

extension ModuleService {
    public var today: LocalDate { LocalDate.today(in: timeZone) }

    /// Runs a mutation once per idempotency key, with its audit records, in one transaction;
    /// a retry answers the first response.
    public func mutate<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ request: Request, key: String, context: ServerContext,
        _ body: @escaping @Sendable (Database, AuditTrail) throws -> Response
    ) async throws -> Response {
        try await store.mutate(request, idempotencyKey: key, context: context, body).response
    }

    /// The reason a mutation gives: its own field, else the call's `reason` metadata.
    public static func reason(_ field: String, context: ServerContext) -> String {
        field.isEmpty ? context.metadata[MetadataKey.reason] ?? "" : field
    }

    /// The reason a change a supervisor answers for must give (its field, else the call's
    /// metadata), or INVALID_ARGUMENT `reason: <message>` when it gives none, so every such
    /// change refuses in the same words.
    public static func requiredReason(_ field: String, context: ServerContext, else message: String) throws(RPCError) -> String {
        let reason = reason(field, context: context)
        guard !reason.isEmpty else { throw RPCError(.invalidArgument, "reason: \(message)") }
        return reason
    }
}
