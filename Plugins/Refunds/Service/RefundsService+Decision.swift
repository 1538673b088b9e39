import SettleContracts
import SettleModuleSDK
import SettleRPC

extension RefundsService {
    /// One decision on a request (submit, approve, reject), once per key: `decide` checks the
    /// request as it stands (throwing to refuse) and sets its new status and fields; the
    /// decision then goes into the request's own history and the audit record, both with who
    /// (`actor`, the caller) and why.
    func decide(
        _ request: Settle_Refunds_V1_DecideRefundRequest, action: String, reason: String, context: ServerContext,
        _ decide: @escaping @Sendable (_ refund: inout Settle_Refunds_V1_RefundRequest, _ actor: String) throws -> Void
    ) async throws -> Settle_Refunds_V1_RefundRequest {
        let actor = context.peer.actor
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            var refund = try RefundStore.load(request.refundID, in: db)
            let before = refund.auditJSON
            try decide(&refund, actor)
            refund.record(action, actor: actor, reason: reason)
            try RefundStore.update(refund, in: db)
            try audit.record(entity: "refund/\(refund.id)", before: before, after: refund.auditJSON, reason: reason)
            return refund
        }
    }
}
