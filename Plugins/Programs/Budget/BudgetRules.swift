import SettleContracts
import SettleDomain
import SwiftProtobuf

/// The budget-billing policy in force, with every default filled in: what eligibility,
/// the installment formula, recalculation and default read.
struct BudgetRules: Sendable, Equatable {
    var historyMonths: Int
    var maxLatePayments: Int
    var recalculateEveryBills: Int
    var driftThresholdBasisPoints: Int64
    var roundUpToCents: Int64
    var missedInstallmentsForDefault: Int
    var reEnrolBarMonths: Int
    /// Monthly charges by rate class, for customers with less history than `historyMonths`.
    var classEstimates: [String: Int64]

    /// The contract's policy with defaults for every field not set.
    static let defaults = Settle_Programs_V1_BudgetPolicy.with {
        $0.historyMonths = 12
        $0.maxLatePayments = 2
        $0.recalculateEveryBills = 3
        $0.driftThresholdBasisPoints = 1_000
        $0.roundUpToCents = 100
        $0.missedInstallmentsForDefault = 2
        $0.reEnrolBarMonths = 12
        $0.classEstimates = [
            .with { $0.rateClass = "residential"; $0.monthlyCents = 12_000 },
            .with { $0.rateClass = "small_commercial"; $0.monthlyCents = 45_000 },
        ]
    }

    init(_ policy: Settle_Programs_V1_BudgetPolicy) {
        let d = Self.defaults
        historyMonths = Int(policy.hasHistoryMonths ? policy.historyMonths : d.historyMonths)
        maxLatePayments = Int(policy.hasMaxLatePayments ? policy.maxLatePayments : d.maxLatePayments)
        recalculateEveryBills = Int(policy.hasRecalculateEveryBills ? policy.recalculateEveryBills : d.recalculateEveryBills)
        driftThresholdBasisPoints = Int64(policy.hasDriftThresholdBasisPoints ? policy.driftThresholdBasisPoints : d.driftThresholdBasisPoints)
        roundUpToCents = Int64(policy.hasRoundUpToCents ? policy.roundUpToCents : d.roundUpToCents)
        missedInstallmentsForDefault = Int(policy.hasMissedInstallmentsForDefault ? policy.missedInstallmentsForDefault : d.missedInstallmentsForDefault)
        reEnrolBarMonths = Int(policy.hasReEnrolBarMonths ? policy.reEnrolBarMonths : d.reEnrolBarMonths)
        let estimates = policy.classEstimates.isEmpty ? d.classEstimates : policy.classEstimates
        classEstimates = Dictionary(estimates.map { ($0.rateClass, $0.monthlyCents) }, uniquingKeysWith: { _, last in last })
    }

    /// `change`'s fields over `current`, checked: every refusal names its field.
    static func merged(_ current: Settle_Programs_V1_BudgetPolicy, _ change: Settle_Programs_V1_BudgetPolicy) throws -> Settle_Programs_V1_BudgetPolicy {
        var policy = current
        func bounded(_ value: UInt32, _ field: String, _ range: ClosedRange<UInt32>) throws -> UInt32 {
            guard range.contains(value) else { throw ProgramsError.invalid(field, "\(value) is outside \(range.lowerBound)–\(range.upperBound)") }
            return value
        }
        if change.hasHistoryMonths { policy.historyMonths = try bounded(change.historyMonths, "history_months", 0...24) }
        if change.hasMaxLatePayments { policy.maxLatePayments = try bounded(change.maxLatePayments, "max_late_payments", 0...12) }
        if change.hasRecalculateEveryBills { policy.recalculateEveryBills = try bounded(change.recalculateEveryBills, "recalculate_every_bills", 1...12) }
        if change.hasDriftThresholdBasisPoints { policy.driftThresholdBasisPoints = try bounded(change.driftThresholdBasisPoints, "drift_threshold_basis_points", 0...10_000) }
        if change.hasRoundUpToCents { policy.roundUpToCents = try bounded(change.roundUpToCents, "round_up_to_cents", 1...10_000) }
        if change.hasMissedInstallmentsForDefault { policy.missedInstallmentsForDefault = try bounded(change.missedInstallmentsForDefault, "missed_installments_for_default", 1...12) }
        if change.hasReEnrolBarMonths { policy.reEnrolBarMonths = try bounded(change.reEnrolBarMonths, "re_enrol_bar_months", 0...60) }
        if !change.classEstimates.isEmpty {
            for (index, estimate) in change.classEstimates.enumerated() {
                guard !estimate.rateClass.isEmpty else { throw ProgramsError.invalid("class_estimates[\(index)].rate_class", "a rate class is required") }
                guard (0...100_000_000).contains(estimate.monthlyCents) else {
                    throw ProgramsError.invalid("class_estimates[\(index)].monthly_cents", "\(estimate.monthlyCents) is outside 0–1,000,000.00")
                }
            }
            policy.classEstimates = change.classEstimates
        }
        return policy
    }
}
