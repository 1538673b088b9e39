import SettleContracts
import SettleDomain

/// What one bill of a planned agreement carries, decided when the billing run's programs
/// stage asks (before the bill is rated, so from what earlier bills left on the plan):
/// a leaving bill (removed, or defaulted now), a settle-up, or an installment, recalculated
/// every N bills or when the formula drifted beyond the threshold.
enum BudgetBillDecision {
    /// - Parameters:
    ///   - missed: installments past due and unpaid on the bill date (Collections), nil when unknown.
    static func decide(
        _ plan: Settle_Programs_V1_BudgetPlan, rules: BudgetRules, periodEnd: LocalDate, missed: Int?
    ) -> Settle_Programs_V1_BudgetInstallment {
        var out = Settle_Programs_V1_BudgetInstallment()
        out.agreementID = plan.agreementID
        out.enrolmentID = plan.enrolmentID
        out.installmentCents = plan.installmentCents
        out.deferredBeforeCents = plan.deferredCents
        let deferred = Dollars.signed(plan.deferredCents)
        if plan.status == BudgetStatus.leaving {
            out.kind = BudgetBillKind.leaving
            out.changeReason = plan.endReason
            out.note = "Budget billing ends (\(plan.endReason)): the deferred balance \(deferred) is due on this bill"
            return out
        }
        if let missed, missed >= rules.missedInstallmentsForDefault {
            out.kind = BudgetBillKind.leaving
            out.changeReason = "default: \(missed) installments missed"
            out.note = "Budget billing ends (default: \(missed) installments missed): the deferred balance \(deferred) is due on this bill"
            return out
        }
        if plan.settleUpPending || isSettleUpMonth(plan, periodEnd: periodEnd) {
            out.kind = BudgetBillKind.settleUp
            out.changeReason = plan.settleUpPending ? "settle-up asked for" : "settle-up month \(plan.settleUpMonth)"
            out.note = "Budget settle-up (\(out.changeReason)): the deferred balance \(deferred) is "
                + (plan.deferredCents < 0 ? "credited on this bill" : "billed on this bill") + "; the installment is recomputed after it"
            return out
        }
        out.kind = BudgetBillKind.installment
        let candidate = BudgetMath.recalculated(plan, rules: rules)
        let drift = BudgetMath.driftBasisPoints(current: plan.installmentCents, candidate: candidate)
        var reason = ""
        if plan.billsSinceRecalculation >= UInt32(rules.recalculateEveryBills) {
            reason = "recalculated after \(plan.billsSinceRecalculation) bills"
        } else if abs(drift) > rules.driftThresholdBasisPoints {
            reason = "recalculated: the formula drifted \(BasisPoints.percent(drift)), beyond \(BasisPoints.percent(rules.driftThresholdBasisPoints))"
        }
        guard !reason.isEmpty else { return out }
        out.previousInstallmentCents = plan.installmentCents
        out.installmentCents = candidate
        out.changeReason = reason
        out.note = "Budget installment \(Dollars.signed(plan.installmentCents)) → \(Dollars.signed(candidate)) (\(reason))"
        return out
    }

    /// The plan's settle-up month, at least 300 days after enrolment or the last settle-up
    /// (so the enrolment month itself is not one).
    static func isSettleUpMonth(_ plan: Settle_Programs_V1_BudgetPlan, periodEnd: LocalDate) -> Bool {
        guard periodEnd.components.month == Int(plan.settleUpMonth) else { return false }
        let since = LocalDate(plan.lastSettleUp) ?? LocalDate(plan.effectiveFrom) ?? periodEnd
        return periodEnd - since >= 300
    }
}
