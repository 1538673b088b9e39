import Foundation
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Requesting a refund: compute it from its sources, record it once per source and amount,
/// and settle a small balance at once. Reading and listing requests.
extension RefundsService {
    func requestRefund(_ request: Settle_Refunds_V1_RequestRefundRequest, context: ServerContext) async throws -> Settle_Refunds_V1_RefundRequest {
        let kind = try RefundKind.parse(request.kind)
        let reason = Self.reason(request.reason, context: context)
        let date = try RefundsError.date(request.refundDate, field: "refund_date", default: today)
        let account = try await account(request.accountNumber)
        let calculated: Calculated
        switch kind {
        case .creditBalance: calculated = try await creditBalance(account, on: date)
        case .deposit: calculated = try await depositRefund(account, on: date)
        case .billingError: calculated = try await billingError(account, billID: request.billID, keepAsCredit: request.keepAsCredit, on: date)
        case .taxExempt: calculated = try await taxExempt(account, taxType: request.taxType, on: date)
        case .bankruptcyDischarge: calculated = try await discharge(account, caseNumber: request.caseNumber, on: date)
        }
        guard calculated.amount > 0 else {
            throw RefundsError.failedPrecondition("\(calculated.source): the calculation comes to \(Dollars.grouped(calculated.amount)); there is nothing to refund")
        }
        let policy = try await policy()
        let actor = context.peer.actor
        var refund = Self.record(calculated, date: date, actor: actor, reason: reason, policy: policy)
        refund.notes = request.notes
        let small = kind != .bankruptcyDischarge && calculated.amount < policy.minimumRefundCents
        if small {
            refund.status = RefundStatus.adjusted.rawValue
            refund.method = "adjustment"
            refund.record("adjusted", actor: actor, reason: reason,
                          detail: "\(Dollars.grouped(calculated.amount)) is below the minimum refund \(Dollars.grouped(policy.minimumRefundCents)): settled by a small-balance adjustment, not paid")
        } else if request.draft {
            refund.status = RefundStatus.draft.rawValue
        } else {
            refund.status = RefundStatus.submitted.rawValue
            refund.record("submitted", actor: actor, reason: reason)
        }
        let proposed = refund
        let saved = try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let saved = try RefundStore.insert(proposed, in: db)
            try audit.record(entity: "refund/\(saved.id)", after: saved.auditJSON, reason: reason)
            return saved
        }
        // After the request is recorded, so a retry (answered from the first response) settles
        // it here again under the same reference, which Collections posts once.
        if saved.status == RefundStatus.adjusted.rawValue { return try await settleSmallBalance(saved, account: account, context: context) }
        return saved
    }

    func submitRefund(_ request: Settle_Refunds_V1_DecideRefundRequest, context: ServerContext) async throws -> Settle_Refunds_V1_RefundRequest {
        try await decide(request, action: "submitted", reason: Self.reason(request.reason, context: context), context: context) { refund, _ in
            guard refund.status == RefundStatus.draft.rawValue else { throw RefundsError.failedPrecondition("refund \(refund.id) is \(refund.status), not a draft") }
            refund.status = RefundStatus.submitted.rawValue
        }
    }

    func getRefund(_ request: Settle_Refunds_V1_GetRefundRequest, context: ServerContext) async throws -> Settle_Refunds_V1_RefundRequest {
        try await store.read { db in try RefundStore.load(request.refundID, in: db) }
    }

    func listRefunds(_ request: Settle_Refunds_V1_ListRefundsRequest, context: ServerContext) async throws -> Settle_Refunds_V1_ListRefundsResponse {
        if !request.status.isEmpty { _ = try RefundStatus.parse(request.status) }
        if !request.kind.isEmpty { _ = try RefundKind.parse(request.kind) }
        let after = request.pageToken.isEmpty ? 0 : try RefundStore.parse(request.pageToken, field: "page_token")
        let size = request.pageSize == 0 ? 500 : Int(min(request.pageSize, 5_000))
        return try await store.read { db in
            var response = Settle_Refunds_V1_ListRefundsResponse()
            response.refunds = try RefundStore.page(status: request.status, kind: request.kind, account: request.accountNumber, after: after, limit: size, in: db)
            response.totalCents = response.refunds.reduce(0) { $0 + $1.amountCents }
            if response.refunds.count == size, let last = response.refunds.last { response.nextPageToken = last.id }
            return response
        }
    }

    /// Posts a small balance's adjustment (or leaves it on the account as credit) and records the entry.
    func settleSmallBalance(_ refund: Settle_Refunds_V1_RefundRequest, account: Settle_Accounts_V1_Account, context: ServerContext) async throws -> Settle_Refunds_V1_RefundRequest {
        guard refund.ledgerEntryID == 0 else { return refund }
        var posting = Settle_Collections_V1_PostRefundEntriesRequest()
        posting.idempotencyKey = "refunds-settle-\(refund.id)-adjustment"
        posting.accountNumber = refund.accountNumber
        posting.reference = "\(refund.id)/adjustment"
        posting.entryDate = refund.refundDate
        posting.memo = "small balance \(refund.id): \(refund.kind)"
        switch RefundKind(rawValue: refund.kind) {
        case .creditBalance: posting.adjustmentCents = refund.amountCents
        case .deposit:
            posting.depositAppliedCents = refund.depositCents
            posting.depositInterestCents = refund.interestCents
        case .taxExempt: posting.creditCents = refund.creditCents
        default: return refund  // a billing error's difference is already credit on the ledger
        }
        let posted = try await collections.postRefundEntries(posting)
        let entry = posted.mainEntryID != 0 ? posted.mainEntryID : posted.entries.last?.id ?? 0
        return try await store.mutate(posting, idempotencyKey: "settled-\(refund.id)-adjustment", context: context) { db, audit in
            var saved = try RefundStore.load(refund.id, in: db)
            let before = saved.auditJSON
            saved.ledgerEntryID = entry
            try RefundStore.update(saved, in: db)
            try audit.record(entity: "refund/\(saved.id)", before: before, after: saved.auditJSON, reason: "small-balance adjustment posted")
            return saved
        }.response
    }
}
