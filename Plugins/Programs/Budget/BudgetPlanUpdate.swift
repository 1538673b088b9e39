import SettleContracts
import SettleDomain
import SwiftProtobuf

/// How a bill Rating issued, or cancelled, changes its plan: the plan's state lives in
/// Programs' store and each bill changes it once (the caller keys it by bill id).
enum BudgetPlanUpdate {
    /// The plan after `record`: deferred balance (actual − due), totals, the charge counted by
    /// the formula, an installment change with its reason, and a settle-up's recomputed
    /// installment or a leaving bill's end.
    static func apply(
        _ record: Settle_Programs_V1_BudgetBillRecord, to before: Settle_Programs_V1_BudgetPlan, rules: BudgetRules, actor: String
    ) -> Settle_Programs_V1_BudgetPlan {
        var plan = before
        plan.bills += 1
        plan.actualBilledCents += record.actualCents
        plan.installmentsBilledCents += record.dueCents
        plan.deferredCents += record.actualCents - record.dueCents
        plan.recentCharges.append(.with { $0.date = record.periodEnd; $0.cents = record.actualCents; $0.source = record.billID })
        if plan.recentCharges.count > BudgetMath.months { plan.recentCharges.removeFirst(plan.recentCharges.count - BudgetMath.months) }
        if record.kind == BudgetBillKind.installment, !record.changeReason.isEmpty {
            plan.changes.append(change(record.billDate, from: record.previousInstallmentCents, to: record.installmentCents, record.changeReason, actor))
            plan.billsSinceRecalculation = 1
        } else {
            plan.billsSinceRecalculation += 1
        }
        plan.installmentCents = record.installmentCents
        var bill = Settle_Programs_V1_BudgetPlanBill()
        bill.billID = record.billID
        bill.periodEnd = record.periodEnd
        bill.actualCents = record.actualCents
        bill.installmentCents = record.installmentCents
        bill.dueCents = record.dueCents
        bill.deferredAfterCents = plan.deferredCents
        bill.kind = record.kind
        bill.changeReason = record.changeReason
        plan.planBills.append(bill)
        switch record.kind {
        case BudgetBillKind.settleUp:
            let next = BudgetMath.recalculated(plan, rules: rules)
            plan.changes.append(change(record.billDate, from: plan.installmentCents, to: next, "settle-up on bill \(record.billID)", actor))
            plan.installmentCents = next
            plan.billsSinceRecalculation = 0
            plan.settleUpPending = false
            plan.lastSettleUp = record.periodEnd
        case BudgetBillKind.leaving:
            // Leaving decided on this bill: a default (missed installments) or a final bill.
            let decidedNow = plan.status != BudgetStatus.leaving
            let defaulted = decidedNow && record.changeReason.hasPrefix("default")
            plan.status = defaulted ? BudgetStatus.defaulted : BudgetStatus.removed
            if decidedNow {
                plan.endReason = record.changeReason
                plan.endedDate = record.billDate
            }
            if defaulted {
                plan.barredUntil = (LocalDate(record.billDate)?.adding(months: rules.reEnrolBarMonths).description) ?? ""
            }
        default:
            break
        }
        return plan
    }

    /// The plan without a cancelled bill. The latest bill is undone exactly (the plan as it
    /// was before it); an earlier one takes out its amounts (the installment history stays).
    static func cancel(
        _ billID: String, plan: Settle_Programs_V1_BudgetPlan, before: Settle_Programs_V1_BudgetPlan?
    ) -> Settle_Programs_V1_BudgetPlan {
        guard let index = plan.planBills.lastIndex(where: { $0.billID == billID && !$0.cancelled }) else { return plan }
        var cancelled = plan.planBills[index]
        cancelled.cancelled = true
        var result: Settle_Programs_V1_BudgetPlan
        if index == plan.planBills.count - 1, let before {
            result = before
            result.planBills = plan.planBills
        } else {
            result = plan
            result.bills -= 1
            result.actualBilledCents -= cancelled.actualCents
            result.installmentsBilledCents -= cancelled.dueCents
            result.deferredCents -= cancelled.actualCents - cancelled.dueCents
            result.recentCharges.removeAll { $0.source == billID }
        }
        result.planBills[index] = cancelled
        return result
    }

    static func change(_ date: String, from: Int64, to: Int64, _ reason: String, _ actor: String) -> Settle_Programs_V1_BudgetChange {
        .with { $0.date = date; $0.fromCents = from; $0.toCents = to; $0.reason = reason; $0.actor = actor }
    }
}
