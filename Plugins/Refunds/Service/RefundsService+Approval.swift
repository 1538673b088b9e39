import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Maker-checker: the approver is never the requester (by socket identity, as tariff
/// activation does), and an amount above the policy's threshold needs a supervisor. Every
/// decision is audited with who, when and why.
extension RefundsService {
    func approveRefund(_ request: Settle_Refunds_V1_DecideRefundRequest, context: ServerContext) async throws -> Settle_Refunds_V1_RefundRequest {
        let role = context.peer.role
        let approved = try await decide(request, action: "approved", reason: Self.reason(request.reason, context: context), context: context) { refund, actor in
            guard refund.status == RefundStatus.submitted.rawValue else {
                throw RefundsError.failedPrecondition("refund \(refund.id) is \(refund.status); only a submitted request is approved")
            }
            guard refund.requestedBy != actor else {
                throw RefundsError.denied("refund \(refund.id) was requested by \(actor); another person must approve it")
            }
            if refund.needsSupervisor, role < .supervisor {
                let why = refund.kind == RefundKind.bankruptcyDischarge.rawValue
                    ? "a bankruptcy discharge write-off" : "\(Dollars.grouped(refund.amountCents)) is above the supervisor threshold"
                throw RefundsError.denied("refund \(refund.id): \(why); a supervisor must approve it (caller has role \(role))")
            }
            refund.status = RefundStatus.approved.rawValue
            refund.approvedBy = actor
        }
        // Settled on approval rather than paid in a batch: a discharge is written off, a
        // billing error the customer keeps is left as credit.
        switch RefundKind(rawValue: approved.kind) {
        case .bankruptcyDischarge: return try await writeOff(approved, context: context)
        case .billingError where approved.calculation.contains(where: { $0.label == "Customer's choice" }):
            return try await finish(approved.id, status: .credited, method: "credit", entry: 0, detail: "left on the account as credit", context: context)
        default: return approved
        }
    }

    func rejectRefund(_ request: Settle_Refunds_V1_DecideRefundRequest, context: ServerContext) async throws -> Settle_Refunds_V1_RefundRequest {
        let reason = try Self.requiredReason(request.reason, context: context, else: "a rejection says why")
        return try await decide(request, action: "rejected", reason: reason, context: context) { refund, _ in
            guard refund.status == RefundStatus.submitted.rawValue || refund.status == RefundStatus.draft.rawValue else {
                throw RefundsError.failedPrecondition("refund \(refund.id) is \(refund.status); only a draft or submitted request is rejected")
            }
            refund.status = RefundStatus.rejected.rawValue
            refund.decisionReason = reason
        }
    }

    /// Records how an approved request was settled (a write-off, kept as credit).
    func finish(_ id: String, status: RefundStatus, method: String, entry: UInt64, detail: String, context: ServerContext) async throws -> Settle_Refunds_V1_RefundRequest {
        let actor = context.peer.actor
        let marker = Settle_Refunds_V1_GetRefundRequest.with { $0.refundID = id }
        return try await store.mutate(marker, idempotencyKey: "finish-\(id)-\(status.rawValue)", context: context) { db, audit in
            var refund = try RefundStore.load(id, in: db)
            guard refund.status == RefundStatus.approved.rawValue else { return refund }
            let before = refund.auditJSON
            refund.status = status.rawValue
            refund.method = method
            refund.ledgerEntryID = entry
            refund.disbursedDate = refund.refundDate
            refund.record(status.rawValue, actor: actor, detail: detail)
            try RefundStore.update(refund, in: db)
            try audit.record(entity: "refund/\(refund.id)", before: before, after: refund.auditJSON, reason: detail)
            return refund
        }.response
    }
}
