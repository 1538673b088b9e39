import Foundation
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// A payment that did not reach the customer: a returned ACH entry or an uncashed check voids
/// the disbursement and reverses its refund entry, which re-opens the credit on the ledger; a
/// voided refund can be reissued (approved again).
extension RefundsService {
    func returnDisbursement(_ request: Settle_Refunds_V1_ReturnDisbursementRequest, context: ServerContext) async throws -> Settle_Refunds_V1_RefundRequest {
        let code = request.returnCode
        let isACH = code.count == 3 && code.first == "R" && Int(code.dropFirst()).map { (1...85).contains($0) } == true
        guard isACH || code == "uncashed" else {
            throw RefundsError.invalid("return_code", code.isEmpty ? "an ACH return code (R01…R85) or \"uncashed\" is required" : "'\(code)' is not an ACH return code (R01…R85) or \"uncashed\"")
        }
        let date = try RefundsError.date(request.returnDate, field: "return_date", default: today)
        let refund = try await store.read { db in try RefundStore.load(request.refundID, in: db) }
        if isACH, refund.method != "ach", refund.status == RefundStatus.disbursed.rawValue {
            throw RefundsError.failedPrecondition("refund \(refund.id) was paid by \(refund.method), not ACH")
        }
        if code == "uncashed", refund.method != "check", refund.status == RefundStatus.disbursed.rawValue {
            throw RefundsError.failedPrecondition("refund \(refund.id) was paid by \(refund.method), not check")
        }
        let reason = Self.reason(request.reason, context: context)
        let why = (isACH ? "ACH return \(code)" : "check uncashed") + (reason.isEmpty ? "" : ": \(reason)")
        return try await voidPayment(refund, on: date, why: why, key: Self.derivedKey(request.idempotencyKey, context: context, "return"), request: request, context: context)
    }

    func voidRefund(_ request: Settle_Refunds_V1_DecideRefundRequest, context: ServerContext) async throws -> Settle_Refunds_V1_RefundRequest {
        let reason = try Self.requiredReason(request.reason, context: context, else: "voiding a refund says why")
        let refund = try await store.read { db in try RefundStore.load(request.refundID, in: db) }
        return try await voidPayment(refund, on: today, why: reason, key: Self.derivedKey(request.idempotencyKey, context: context, "void"), request: request, context: context)
    }

    /// Voids an approved request not yet paid, or reverses a paid one's refund entry and voids it.
    private func voidPayment<Request: SwiftProtobuf.Message>(
        _ refund: Settle_Refunds_V1_RefundRequest, on date: LocalDate, why: String, key: String, request: Request, context: ServerContext
    ) async throws -> Settle_Refunds_V1_RefundRequest {
        switch RefundStatus(rawValue: refund.status) {
        case .approved:
            guard refund.batchID.isEmpty else {
                throw RefundsError.failedPrecondition("refund \(refund.id) is in batch \(refund.batchID), not yet released: release the batch, then return or void the payment")
            }
        case .disbursed:
            guard refund.ledgerEntryID != 0 else {
                throw RefundsError.failedPrecondition("refund \(refund.id) paid nothing out (it was applied to other balances); there is no payment to void")
            }
            let reversed = try await collections.reverseEntry(.with {
                $0.idempotencyKey = "refunds-void-\(refund.id)-\(refund.ledgerEntryID)"
                $0.entryID = refund.ledgerEntryID
                $0.entryDate = max(date.description, refund.disbursedDate)
                $0.memo = "refund \(refund.id) voided: \(why)"
            })
            _ = reversed
        default:
            throw RefundsError.failedPrecondition("refund \(refund.id) is \(refund.status); only an approved or disbursed refund is voided")
        }
        let actor = context.peer.actor
        let id = refund.id
        return try await store.mutate(request, idempotencyKey: key, context: context) { db, audit in
            var saved = try RefundStore.load(id, in: db)
            guard saved.status == RefundStatus.approved.rawValue || saved.status == RefundStatus.disbursed.rawValue else { return saved }
            let before = saved.auditJSON
            let wasPaid = saved.status == RefundStatus.disbursed.rawValue
            saved.status = RefundStatus.voided.rawValue
            saved.decisionReason = why
            saved.record("voided", actor: actor, reason: why, detail: wasPaid ? "refund entry \(saved.ledgerEntryID) reversed: the credit is open again" : "not yet paid")
            try RefundStore.update(saved, in: db)
            try audit.record(entity: "refund/\(saved.id)", before: before, after: saved.auditJSON, reason: why)
            return saved
        }.response
    }

    func voidStaleChecks(_ request: Settle_Refunds_V1_VoidStaleChecksRequest, context: ServerContext) async throws -> Settle_Refunds_V1_VoidStaleChecksResponse {
        let asOf = try RefundsError.date(request.asOf, field: "as_of", default: today)
        let policy = try await policy()
        let cutoff = asOf.adding(days: -Int(policy.uncashedCheckDays))
        let stale = try await store.read { db in try RefundStore.checksPaid(onOrBefore: cutoff.description, in: db) }
        var response = Settle_Refunds_V1_VoidStaleChecksResponse()
        for refund in stale {
            var returned = Settle_Refunds_V1_ReturnDisbursementRequest()
            returned.idempotencyKey = Self.derivedKey(request.idempotencyKey, context: context, "stale-\(refund.id)")
            returned.refundID = refund.id
            returned.returnCode = "uncashed"
            returned.returnDate = asOf.description
            returned.reason = "not cashed within \(policy.uncashedCheckDays) days of \(refund.disbursedDate)"
            let voided = try await returnDisbursement(returned, context: context)
            response.voidedRefundIds.append(voided.id)
            response.voidedCents += voided.amountCents
        }
        return response
    }

    func reissueRefund(_ request: Settle_Refunds_V1_DecideRefundRequest, context: ServerContext) async throws -> Settle_Refunds_V1_RefundRequest {
        let reason = Self.reason(request.reason, context: context)
        let actor = context.peer.actor
        let policy = try await policy()
        let day = today.description
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            var original = try RefundStore.load(request.refundID, in: db)
            guard original.status == RefundStatus.voided.rawValue else {
                throw RefundsError.failedPrecondition("refund \(original.id) is \(original.status); only a voided refund is reissued")
            }
            // What the void re-opened: the amount paid out (its deposit, interest and credit
            // entries, and any part applied elsewhere, stayed on the ledger).
            var paid = original.amountCents
            if !original.batchID.isEmpty, let item = try BatchStore.load(original.batchID, in: db).items.first(where: { $0.refundID == original.id }), item.posted {
                paid = item.netCents
            }
            let before = original.auditJSON
            original.status = RefundStatus.reissued.rawValue
            var reissue = Settle_Refunds_V1_RefundRequest()
            reissue.kind = original.kind
            reissue.accountNumber = original.accountNumber
            reissue.customerID = original.customerID
            reissue.source = original.source
            reissue.amountCents = paid
            reissue.calculation = [input("Reissue of \(original.id)", paid, source: "refunds: refund \(original.id)",
                                         detail: "voided: \(original.decisionReason); the credit it paid was re-opened")]
                + original.calculation.map { line in var shown = line; shown.informational = true; return shown }
            reissue.notes = original.notes
            reissue.refundDate = day
            reissue.requestedBy = actor
            reissue.needsSupervisor = paid > policy.supervisorThresholdCents
            reissue.reissueOf = original.id
            reissue.status = RefundStatus.submitted.rawValue
            reissue.record("submitted", actor: actor, reason: reason, detail: "reissue of \(original.id)")
            try RefundStore.update(original, in: db)
            let saved = try RefundStore.insert(reissue, in: db)
            original.reissuedAs = saved.id
            original.record("reissued", actor: actor, reason: reason, detail: "as \(saved.id)")
            try RefundStore.update(original, in: db)
            try audit.record(entity: "refund/\(original.id)", before: before, after: original.auditJSON, reason: reason)
            try audit.record(entity: "refund/\(saved.id)", after: saved.auditJSON, reason: reason)
            return saved
        }
    }
}
