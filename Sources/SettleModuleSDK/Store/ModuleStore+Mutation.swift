public import GRDB
public import SettleRPC
public import SwiftProtobuf

/// Audit records of one mutation, written in the mutation's own transaction.
///
/// The actor, method and reason come from the call being served, so a handler only says
/// which entity changed and how.
public struct AuditTrail {
    public let actor: String
    public let method: String
    public let reason: String
    private let db: Database

    init(db: Database, actor: String, method: String, reason: String) {
        self.db = db
        self.actor = actor
        self.method = method
        self.reason = reason
    }

    /// Appends one record: `entity` (e.g. `account/1001`), its state before and after (JSON).
    @discardableResult
    public func record(entity: String, before: String = "", after: String = "", reason: String? = nil) throws -> AuditRecord {
        try AuditLog.append(
            AuditEntry(actor: actor, method: method, entity: entity, before: before, after: after, reason: reason ?? self.reason),
            in: db
        )
    }
}

extension ModuleStore {
    /// Runs a mutating method the way every Settle mutation must run: at most once per
    /// idempotency key, in one transaction together with its audit records, with the actor
    /// taken from the caller's socket identity and the reason from the call's metadata.
    ///
    /// - Parameters:
    ///   - request: the request message (its fingerprint guards against key reuse).
    ///   - idempotencyKey: the request's own key field, else the `idempotency-key` metadata.
    ///   - context: the call being served.
    /// - Returns: the response, identical to the first one when the call is retried.
    /// - Throws: INVALID_ARGUMENT for a missing key, FAILED_PRECONDITION when the key was used
    ///   for a different request, or what `body` throws (nothing is committed then).
    public func mutate<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ request: Request,
        idempotencyKey: String? = nil,
        context: ServerContext,
        _ body: @escaping @Sendable (Database, AuditTrail) throws -> Response
    ) async throws -> IdempotentResponse<Response> {
        guard let key = idempotencyKey.flatMap({ $0.isEmpty ? nil : $0 }) ?? context.idempotencyKey, !key.isEmpty else {
            throw RPCError(.invalidArgument, "\(context.method.fullName) changes data and needs an idempotency key (field idempotency_key or metadata idempotency-key)")
        }
        let method = context.method.fullName
        let actor = context.peer.actor
        let reason = context.metadata[MetadataKey.reason] ?? ""
        do {
            return try await idempotent(method: method, key: key, request: request) { db in
                try body(db, AuditTrail(db: db, actor: actor, method: method, reason: reason))
            }
        } catch let error as StoreError {
            throw error.rpcError
        }
    }
}

extension StoreError: RPCErrorConvertible {
    /// What a caller is told: key problems are theirs, everything else is the server's.
    public var rpcError: RPCError {
        switch code {
        case .invalidIdempotencyKey, .invalidAuditEntry: RPCError(.invalidArgument, message)
        case .idempotencyConflict: RPCError(.failedPrecondition, message)
        case .backupTargetExists: RPCError(.alreadyExists, message)
        default: RPCError(.internalError, "store failure (\(code)); the host's log has the detail")
        }
    }
}
