import Foundation
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Budget billing's plans: enrolment after the policy's checks, a person's recalculation,
/// settle-up or removal, the plans and the policy. Every mutation is keyed and audited
/// (`budget/E…`, `policy/budget`).
extension ProgramsService {
    func enrollBudget(_ request: Settle_Programs_V1_EnrollBudgetRequest, context: ServerContext) async throws -> Settle_Programs_V1_BudgetPlan {
        let reason = try Self.requiredReason(request.reason, context: context, else: "an enrolment needs a reason")
        let from = try ProgramsError.date(request.effectiveFrom, field: "effective_from", default: today)
        guard request.settleUpMonth <= 12 else { throw ProgramsError.invalid("settle_up_month", "\(request.settleUpMonth) is not a month 1–12") }
        let agreement = try await agreement(request.agreementID, field: "agreement_id")
        let rules = BudgetRules(try await store.read { db in try BudgetStore.policy(in: db) })
        let (history, refusals) = try await budgetEligibility(agreement, from: from, rules: rules)
        let actor = context.peer.actor
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            var refused = refusals
            if let latest = try BudgetStore.latest(agreement: agreement.id, in: db) {
                if latest.status == BudgetStatus.active || latest.status == BudgetStatus.leaving {
                    refused.append(EnrolmentRefusal(kind: .policy, message: "agreement \(agreement.id) is already on budget plan \(latest.enrolmentID) (\(latest.status))"))
                } else if latest.status == BudgetStatus.defaulted, !latest.barredUntil.isEmpty, from.description < latest.barredUntil {
                    refused.append(EnrolmentRefusal(kind: .policy, message: "re-enrolment barred until \(latest.barredUntil) after the default of plan \(latest.enrolmentID)"))
                }
            }
            guard refused.isEmpty else { throw ProgramsError.refused(refused) }
            var enrolment = Settle_Programs_V1_Enrolment()
            enrolment.kind = "budget"
            enrolment.agreementID = agreement.id
            enrolment.accountNumber = agreement.accountNumber
            enrolment.serviceType = agreement.serviceType
            enrolment.rateClass = agreement.rateClass
            enrolment.effectiveFrom = from.description
            enrolment.status = "active"
            var plan = Settle_Programs_V1_BudgetPlan()
            plan.agreementID = agreement.id
            plan.accountNumber = agreement.accountNumber
            plan.rateClass = agreement.rateClass
            plan.status = BudgetStatus.active
            plan.effectiveFrom = from.description
            plan.settleUpMonth = request.settleUpMonth == 0 ? UInt32(from.components.month) : request.settleUpMonth
            plan.recentCharges = history
            plan.historyMonths = UInt32(history.count)
            plan.basis = history.count >= rules.historyMonths ? "history" : "class_estimate"
            plan.installmentCents = BudgetMath.recalculated(plan, rules: rules)
            enrolment.history = [.with {
                $0.action = "enrolled"; $0.effectiveDate = from.description; $0.reason = reason; $0.actor = actor
                $0.recordedAt = UTCTimestamp.seconds(from: Date())
                $0.detail = "budget installment \(Dollars.signed(plan.installmentCents)) (\(plan.basis), \(history.count) months of history); settle-up month \(plan.settleUpMonth)"
            }]
            let saved = try EnrolmentStore.insert(enrolment, in: db)
            plan.enrolmentID = saved.id
            plan.changes = [BudgetPlanUpdate.change(from.description, from: 0, to: plan.installmentCents, "enrolled: \(plan.basis), \(history.count) months of history", actor)]
            try BudgetStore.insert(plan, in: db)
            try audit.record(entity: "budget/\(saved.id)", after: plan.auditJSON, reason: reason)
            return BudgetMath.reviewed(plan, rules: rules)
        }
    }

    func getBudgetPlan(_ request: Settle_Programs_V1_GetBudgetPlanRequest, context: ServerContext) async throws -> Settle_Programs_V1_BudgetPlan {
        guard request.agreementID != 0 else { throw ProgramsError.invalid("agreement_id", "an agreement id is required") }
        return try await store.read { db in
            guard let plan = try BudgetStore.latest(agreement: request.agreementID, in: db) else {
                throw ProgramsError.notFound("agreement \(request.agreementID) has no budget plan")
            }
            return BudgetMath.reviewed(plan, rules: BudgetRules(try BudgetStore.policy(in: db)))
        }
    }

    func listBudgetPlans(_ request: Settle_Programs_V1_ListBudgetPlansRequest, context: ServerContext) async throws -> Settle_Programs_V1_ListBudgetPlansResponse {
        let statuses = [BudgetStatus.active, BudgetStatus.leaving, BudgetStatus.removed, BudgetStatus.defaulted]
        guard request.status.isEmpty || statuses.contains(request.status) else {
            throw ProgramsError.invalid("status", "'\(request.status)' is not a plan status (\(statuses.joined(separator: ", ")))")
        }
        return try await store.read { db in
            let rules = BudgetRules(try BudgetStore.policy(in: db))
            let plans = try BudgetStore.list(status: request.dueForReview ? BudgetStatus.active : request.status, in: db).map { BudgetMath.reviewed($0, rules: rules) }
            return .with { $0.plans = request.dueForReview ? plans.filter(\.dueForReview) : plans }
        }
    }

    func recalculateBudget(_ request: Settle_Programs_V1_RecalculateBudgetRequest, context: ServerContext) async throws -> Settle_Programs_V1_BudgetPlan {
        let reason = try Self.requiredReason(request.reason, context: context, else: "a recalculation needs a reason")
        let actor = context.peer.actor, day = today.description
        return try await changePlan(request, key: request.idempotencyKey, agreement: request.agreementID, context: context, reason: reason) { plan, rules in
            guard plan.status == BudgetStatus.active else { throw ProgramsError.failedPrecondition("plan \(plan.enrolmentID) is \(plan.status)") }
            let next = BudgetMath.recalculated(plan, rules: rules)
            plan.changes.append(BudgetPlanUpdate.change(day, from: plan.installmentCents, to: next, "recalculated: \(reason)", actor))
            plan.installmentCents = next
            plan.billsSinceRecalculation = 0
        }
    }

    func settleUpBudget(_ request: Settle_Programs_V1_SettleUpBudgetRequest, context: ServerContext) async throws -> Settle_Programs_V1_BudgetPlan {
        let reason = try Self.requiredReason(request.reason, context: context, else: "a settle-up needs a reason")
        return try await changePlan(request, key: request.idempotencyKey, agreement: request.agreementID, context: context, reason: reason) { plan, _ in
            guard plan.status == BudgetStatus.active else { throw ProgramsError.failedPrecondition("plan \(plan.enrolmentID) is \(plan.status)") }
            plan.settleUpPending = true
        }
    }

    func removeBudget(_ request: Settle_Programs_V1_RemoveBudgetRequest, context: ServerContext) async throws -> Settle_Programs_V1_BudgetPlan {
        let reason = try Self.requiredReason(request.reason, context: context, else: "a removal needs a reason")
        let date = try ProgramsError.date(request.date, field: "date", default: today)
        return try await changePlan(request, key: request.idempotencyKey, agreement: request.agreementID, context: context, reason: reason) { plan, _ in
            guard plan.status == BudgetStatus.active else { throw ProgramsError.failedPrecondition("plan \(plan.enrolmentID) is \(plan.status)") }
            plan.status = BudgetStatus.leaving
            plan.endReason = "removed: \(reason)"
            plan.endedDate = date.description
        }
    }

    func getBudgetPolicy(_ request: Settle_Programs_V1_GetBudgetPolicyRequest, context: ServerContext) async throws -> Settle_Programs_V1_BudgetPolicy {
        try await store.read { db in try BudgetStore.policy(in: db) }
    }

    func setBudgetPolicy(_ request: Settle_Programs_V1_SetBudgetPolicyRequest, context: ServerContext) async throws -> Settle_Programs_V1_BudgetPolicy {
        let reason = try Self.requiredReason(request.reason, context: context, else: "a policy change needs a reason")
        let change = request.policy
        return try await replacePolicy(
            request, key: request.idempotencyKey, context: context, entity: "policy/budget", reason: reason,
            load: { db in try BudgetStore.policy(in: db) }, change: { before in try BudgetRules.merged(before, change) },
            save: { policy, db in try BudgetStore.save(policy, in: db) })
    }

    /// One keyed, audited change of an agreement's latest plan.
    private func changePlan<Request: SwiftProtobuf.Message>(
        _ request: Request, key: String, agreement: UInt64, context: ServerContext, reason: String,
        _ change: @escaping @Sendable (inout Settle_Programs_V1_BudgetPlan, BudgetRules) throws -> Void
    ) async throws -> Settle_Programs_V1_BudgetPlan {
        guard agreement != 0 else { throw ProgramsError.invalid("agreement_id", "an agreement id is required") }
        return try await mutate(request, key: key, context: context) { db, audit in
            guard let before = try BudgetStore.latest(agreement: agreement, in: db) else {
                throw ProgramsError.notFound("agreement \(agreement) has no budget plan")
            }
            let rules = BudgetRules(try BudgetStore.policy(in: db))
            var after = before
            try change(&after, rules)
            try BudgetStore.update(after, in: db)
            try audit.record(entity: "budget/\(after.enrolmentID)", before: before.auditJSON, after: after.auditJSON, reason: reason)
            return BudgetMath.reviewed(after, rules: rules)
        }
    }
}
