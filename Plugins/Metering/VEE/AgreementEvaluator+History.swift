import SettleDomain
/// The rules that compare a period's use with the premise's history: high and low use
/// against both references, and zero use that persists.
extension AgreementEvaluator {
    /// High and low use against the same period last year and against the average of the
    /// last three periods, each on its own: one exception per reference that fires, with its
    /// `basis` ("last_year" or "average") named.
    func usageAgainstHistory(
        consumption: Int64, days: Int, history: UsageHistory,
        draft: (ExceptionType, String, String, Int64, Int64) -> ExceptionDraft
    ) -> [ExceptionDraft] {
        let unit = usageUnit
        var found: [ExceptionDraft] = []
        for reference in history.references(minimum: thresholds.minHistoryWh) {
            let period = reference.period
            guard let type = VEERules.usageVersusHistory(current: consumption, days: days, history: period.consumption, historyDays: period.days, thresholds: thresholds) else { continue }
            let percent = Ratio.scale(consumption, by: Int64(period.days) * 100, dividedBy: max(1, period.consumption * Int64(max(days, 1))))
            let limit = type == .highUse ? thresholds.highUsePercent : thresholds.lowUsePercent
            var exception = draft(
                type,
                "\(Thousandths.format(consumption)) \(unit) over \(days) days (\(percent) % of the daily use in \(reference.description))",
                "\(Thousandths.format(period.consumption)) \(unit) over \(period.days) days in \(reference.description); limit \(limit) % for rate class '\(agreement.rateClass)'",
                consumption, Estimator.lastYear(period, days: max(days, 1)) ?? 0)
            exception.basis = reference.basis
            found.append(exception)
        }
        return found
    }

    /// Zero use is informational until it persists: from the `zero_use_periods`-th
    /// consecutive period without use on (this one included) it blocks the bill.
    func zeroUse(_ draft: ExceptionDraft, history: UsageHistory) -> ExceptionDraft {
        var exception = draft
        let consecutive = history.zeroPeriodsBefore + 1
        exception.measuredValue = Int64(consecutive)
        exception.comparedValue = Int64(thresholds.zeroUsePeriods)
        exception.measured += consecutive == 1 ? " (the first period without use)" : " (\(consecutive) consecutive periods without use)"
        if consecutive >= thresholds.zeroUsePeriods {
            exception.blockingOverride = true
            exception.comparedWith += "; blocking from the \(thresholds.zeroUsePeriods)\(Self.ordinalSuffix(thresholds.zeroUsePeriods)) consecutive zero period for rate class '\(agreement.rateClass)'"
        }
        return exception
    }

    private var usageUnit: String { agreement.serviceType.primaryChannel.unit }

    static func ordinalSuffix(_ number: Int) -> String {
        switch (number % 100, number % 10) {
        case (11...13, _): "th"
        case (_, 1): "st"
        case (_, 2): "nd"
        case (_, 3): "rd"
        default: "th"
        }
    }
}
