import SettleContracts

/// The installment formula and its drift: (the last 12 months' actual charges + the deferred
/// balance) ÷ 12, rounded up to the policy's unit (the whole dollar by default). Months of
/// history the customer does not have are filled with the class estimate.
enum BudgetMath {
    /// The formula counts this many months.
    static let months = 12

    /// `total` ÷ 12 rounded up to a multiple of `unit` cents; never below zero (a plan whose
    /// credit exceeds a year's charges bills nothing until it is used up).
    static func installment(total: Int64, roundUpTo unit: Int64) -> Int64 {
        guard total > 0 else { return 0 }
        let step = Int64(months) * unit
        return (total + step - 1) / step * unit
    }

    /// The last 12 charges, the class estimate for each month missing, plus the deferred balance.
    static func formulaTotal(charges: [Settle_Programs_V1_BudgetCharge], estimate: Int64, deferred: Int64) -> Int64 {
        let recent = charges.suffix(months)
        return recent.reduce(0) { $0 + $1.cents } + Int64(months - recent.count) * estimate + deferred
    }

    /// The installment the formula gives now for a plan.
    static func recalculated(_ plan: Settle_Programs_V1_BudgetPlan, rules: BudgetRules) -> Int64 {
        installment(total: formulaTotal(charges: plan.recentCharges, estimate: rules.classEstimates[plan.rateClass] ?? 0, deferred: plan.deferredCents),
                    roundUpTo: rules.roundUpToCents)
    }

    /// How far `candidate` is from `current`, in basis points of `current` (toward zero).
    static func driftBasisPoints(current: Int64, candidate: Int64) -> Int64 {
        guard current != 0 else { return candidate == 0 ? 0 : 10_000 }
        return (candidate - current) * 10_000 / current
    }

    /// A plan with its recalculated installment and drift filled in, as listings show it.
    static func reviewed(_ plan: Settle_Programs_V1_BudgetPlan, rules: BudgetRules) -> Settle_Programs_V1_BudgetPlan {
        var plan = plan
        plan.recalculatedInstallmentCents = recalculated(plan, rules: rules)
        let drift = driftBasisPoints(current: plan.installmentCents, candidate: plan.recalculatedInstallmentCents)
        plan.driftBasisPoints = Int32(clamping: drift)
        plan.dueForReview = plan.status == BudgetStatus.active && abs(drift) > rules.driftThresholdBasisPoints
        return plan
    }
}

/// A plan's statuses, by their contract names.
enum BudgetStatus {
    static let active = "active"
    /// Removed or defaulted: the next bill makes the deferred balance due, then the plan ends.
    static let leaving = "leaving"
    static let removed = "removed"
    static let defaulted = "defaulted"
}

/// The kinds of bill under a plan.
enum BudgetBillKind {
    static let installment = "installment"
    static let settleUp = "settle_up"
    static let leaving = "leaving"
}
