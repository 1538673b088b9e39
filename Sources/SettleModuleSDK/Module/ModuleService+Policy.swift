public import GRDB
public import SettleRPC
public import SwiftProtobuf

extension ModuleService {
    /// Replaces a module's policy (its one settings message) once per idempotency key, with the
    /// policy before and after in the audit record under `entity`.
    ///
    /// `change` turns the policy in force into the new one — a merge of the fields a request
    /// sets, or the request's whole policy — and throws to refuse it. `reason` nil takes the
    /// call's reason metadata.
    public func replacePolicy<Request: SwiftProtobuf.Message, Policy: SwiftProtobuf.Message>(
        _ request: Request, key: String, context: ServerContext, entity: String, reason: String? = nil,
        load: @escaping @Sendable (Database) throws -> Policy,
        change: @escaping @Sendable (Policy) throws -> Policy,
        save: @escaping @Sendable (Policy, Database) throws -> Void
    ) async throws -> Policy {
        try await mutate(request, key: key, context: context) { db, audit in
            let before = try load(db)
            let policy = try change(before)
            try save(policy, db)
            try audit.record(entity: entity, before: before.auditJSON, after: policy.auditJSON, reason: reason)
            return policy
        }
    }
}
