import Foundation
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Deposit refunds for many accounts in one call: the accounts from Accounts 5,000 a call, their
/// deposit statuses from Collections 10,000 a call, every request recorded in one transaction.
/// Each is computed as `RequestRefund` computes it; the ones that cannot be refunded are answered
/// with their reason.
extension RefundsService {
    static let bulkLimit = 10_000

    func requestRefunds(_ request: Settle_Refunds_V1_RequestRefundsRequest, context: ServerContext) async throws -> Settle_Refunds_V1_RequestRefundsResponse {
        guard try RefundKind.parse(request.kind) == .deposit else {
            throw RefundsError.invalid("kind", "'\(request.kind)' is requested one account at a time (RequestRefund); RequestRefunds takes deposit")
        }
        guard !request.accountNumbers.isEmpty else { throw RefundsError.invalid("account_numbers", "at least one account is required") }
        guard request.accountNumbers.count <= Self.bulkLimit else {
            throw RefundsError.invalid("account_numbers", "\(request.accountNumbers.count) accounts; at most \(Self.bulkLimit) a call")
        }
        if let index = request.accountNumbers.firstIndex(where: \.isEmpty) { throw RefundsError.invalid("account_numbers[\(index)]", "an account number is required") }
        let reason = Self.reason(request.reason, context: context)
        let date = try RefundsError.date(request.refundDate, field: "refund_date", default: today)
        let numbers = request.accountNumbers
        var known: [String: Settle_Accounts_V1_Account] = [:]
        for start in stride(from: 0, to: numbers.count, by: 5_000) {
            let chunk = Array(numbers[start..<min(numbers.count, start + 5_000)])
            for account in try await accounts.listAccounts(.with { $0.accountNumbers = chunk; $0.pageSize = 10_000 }).accounts { known[account.number] = account }
        }
        let statuses = try await collections.getDepositStatuses(.with { $0.accountNumbers = numbers; $0.asOf = date.description }).statuses
        let policy = try await policy()
        let actor = context.peer.actor
        var refused: [Settle_Refunds_V1_RefusedRefund] = []
        var proposed: [Settle_Refunds_V1_RefundRequest] = []
        for (index, number) in numbers.enumerated() {
            do {
                guard let account = known[number] else { throw RefundsError.notFound("no account \(number)") }
                guard account.status == "active" else {
                    throw RefundsError.failedPrecondition("account \(number) is \(account.status): its deposit was applied to the final bill; request a credit_balance refund")
                }
                let calculated = try Self.depositRefund(account, status: statuses[index], on: date)
                var refund = Self.record(calculated, date: date, actor: actor, reason: reason, policy: policy)
                if refund.amountCents < policy.minimumRefundCents {
                    throw RefundsError.failedPrecondition("\(Dollars.grouped(refund.amountCents)) is below the minimum refund; request it alone (RequestRefund) to settle it as a small balance")
                }
                refund.status = RefundStatus.submitted.rawValue
                refund.record("submitted", actor: actor, reason: reason)
                proposed.append(refund)
            } catch let error as RPCError {
                refused.append(.with { $0.accountNumber = number; $0.reason = error.message })
            }
        }
        let ready = proposed
        let already = refused
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            var response = Settle_Refunds_V1_RequestRefundsResponse()
            response.refused = already
            for refund in ready {
                do {
                    let saved = try RefundStore.insert(refund, in: db)
                    response.refunds.append(.with { $0.id = saved.id; $0.accountNumber = saved.accountNumber; $0.amountCents = saved.amountCents; $0.status = saved.status })
                    response.totalCents += saved.amountCents
                } catch let error as RPCError where error.code == .alreadyExists {
                    response.refused.append(.with { $0.accountNumber = refund.accountNumber; $0.reason = error.message })
                }
            }
            try audit.record(entity: "refunds/\(response.refunds.first?.id ?? "none")..\(response.refunds.last?.id ?? "none")", after: AuditJSON.bulk(response), reason: reason)
            return response
        }
    }

    /// A computed refund as a new request (not yet given a status).
    static func record(_ calculated: Calculated, date: LocalDate, actor: String, reason: String, policy: Settle_Refunds_V1_RefundPolicy) -> Settle_Refunds_V1_RefundRequest {
        var refund = Settle_Refunds_V1_RefundRequest()
        refund.kind = calculated.kind.rawValue
        refund.accountNumber = calculated.account.number
        refund.customerID = calculated.account.customerID
        refund.source = calculated.source
        refund.amountCents = calculated.amount
        refund.calculation = calculated.lines
        refund.refundDate = date.description
        refund.requestedBy = actor
        refund.depositCents = calculated.depositCents
        refund.interestCents = calculated.interestCents
        refund.creditCents = calculated.creditCents
        refund.needsSupervisor = calculated.kind == .bankruptcyDischarge || calculated.amount > policy.supervisorThresholdCents
        refund.record("drafted", actor: actor, reason: reason, detail: "\(calculated.kind.rawValue) \(Dollars.grouped(calculated.amount)) computed from \(calculated.lines.count) inputs")
        return refund
    }
}

extension AuditJSON {
    /// A bulk request's audit summary: the requests made and refused, and their total.
    static func bulk(_ response: Settle_Refunds_V1_RequestRefundsResponse) -> String {
        "{\"requested\":\(response.refunds.count),\"refused\":\(response.refused.count),\"total_cents\":\(response.totalCents)}"
    }
}
