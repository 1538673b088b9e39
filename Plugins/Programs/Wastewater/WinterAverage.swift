import SettleContracts
import SettleDomain

/// One agreement's winter average for a year and the wastewater volume it gives a bill.
///
/// The average is gallons per day over the winter's days (so short and long periods weigh
/// by their days): the water use of the periods closing in the winter months that have at
/// least the policy's minimum days, when there are at least its minimum number of them;
/// otherwise the class default (gallons per 30 days). A supervisor may exclude periods (a
/// leak) or set the average. Volumes are whole gallons, rounded half up.
struct WinterAverage: Sendable {
    /// A period of water use as Programs recorded it.
    struct Use: Sendable {
        let start: LocalDate
        let end: LocalDate
        let gallonsThousandths: Int64
        var days: Int { end - start }
    }

    /// A supervisor's adjustment of one year's average.
    struct Adjustment: Sendable {
        let excludedPeriodEnds: Set<String>
        /// Thousandths of a gallon per day, when the average is set.
        let setGallonsPerDayMillis: Int64?
        let reason: String
    }

    /// How the average is figured.
    enum Basis: Sendable {
        /// From winter periods: total gallons (thousandths) over total days.
        case computed(thousandths: Int64, days: Int)
        /// The class default: gallons per 30 days.
        case classDefault(gallonsPer30Days: Int64)
        /// Set by a supervisor: thousandths of a gallon per day.
        case set(millisPerDay: Int64)
    }

    let basis: Basis
    let summary: Settle_Programs_V1_WastewaterAverage
    /// Whether the policy gives the class a default (without one, no average applies).
    let classListed: Bool

    init(agreement: UInt64, account: String, rateClass: String, year: Int, uses: [Use],
         adjustment: Adjustment?, policy: Settle_Programs_V1_WastewaterPolicy) {
        let classAverage = WastewaterPolicyRules.classAverage(rateClass, in: policy)
        classListed = policy.classes.contains { $0.rateClass == rateClass }
        var summary = Settle_Programs_V1_WastewaterAverage()
        summary.agreementID = agreement
        summary.accountNumber = account
        summary.rateClass = rateClass
        summary.year = Int32(year)
        summary.capGallons = classAverage.capGallons
        var countedDays = 0
        var countedThousandths: Int64 = 0
        var counted = 0
        for use in uses.sorted(by: { $0.end < $1.end }) where WastewaterPolicyRules.isWinter(periodEndingOn: use.end, of: year, policy: policy) {
            var period = Settle_Programs_V1_WinterPeriod()
            period.periodStart = use.start.description
            period.periodEnd = use.end.description
            period.days = UInt32(use.days)
            period.gallonsThousandths = use.gallonsThousandths
            if let adjustment, adjustment.excludedPeriodEnds.contains(use.end.description) {
                period.whyNot = "excluded: \(adjustment.reason)"
            } else if use.days < Int(policy.minimumDays) {
                period.whyNot = "\(use.days) days, fewer than \(policy.minimumDays)"
            } else {
                period.counted = true
                counted += 1
                countedDays += use.days
                countedThousandths += use.gallonsThousandths
            }
            summary.periods.append(period)
        }
        summary.adjusted = adjustment != nil
        summary.adjustmentReason = adjustment?.reason ?? ""
        if let set = adjustment?.setGallonsPerDayMillis {
            basis = .set(millisPerDay: set)
            summary.basis = "set"
            summary.gallonsPerDay = GallonText.thousandths(set)
            summary.explanation = "set by a supervisor at \(summary.gallonsPerDay) gallons a day"
        } else if counted >= Int(policy.minimumPeriods), countedDays > 0 {
            basis = .computed(thousandths: countedThousandths, days: countedDays)
            summary.basis = "computed"
            summary.winterDays = UInt32(countedDays)
            summary.winterGallonsThousandths = countedThousandths
            summary.gallonsPerDay = GallonText.thousandths(GallonText.divideHalfUp(countedThousandths, Int64(countedDays)))
            summary.explanation = "computed from \(counted) winter periods, \(countedDays) days, \(GallonText.gallons(GallonText.wholeGallons(countedThousandths))) gallons"
        } else {
            basis = .classDefault(gallonsPer30Days: classAverage.defaultGallons)
            summary.basis = "class_default"
            summary.gallonsPerDay = GallonText.thousandths(GallonText.divideHalfUp(classAverage.defaultGallons * 1_000, 30))
            summary.explanation = "\(rateClass) default \(GallonText.gallons(classAverage.defaultGallons)) gallons a month: "
                + "\(counted) qualifying winter period\(counted == 1 ? "" : "s"), \(policy.minimumPeriods) needed"
        }
        if adjustment != nil, case .computed = basis { summary.explanation += " (adjusted: \(adjustment?.reason ?? ""))" }
        self.summary = summary
    }

    /// The average × `days`, whole gallons (in thousandths).
    func volume(days: Int) -> Int64 {
        let gallons: Int64
        switch basis {
        case .computed(let thousandths, let winterDays): gallons = GallonText.divideHalfUp(thousandths * Int64(days), Int64(winterDays) * 1_000)
        case .classDefault(let perMonth): gallons = GallonText.divideHalfUp(perMonth * Int64(days), 30)
        case .set(let millis): gallons = GallonText.divideHalfUp(millis * Int64(days), 1_000)
        }
        return gallons * 1_000
    }

    /// The wastewater volume of a period: the lesser of its water use and the average ×
    /// its days, then the class cap (gallons per 30 days × its days / 30).
    func billing(agreement: UInt64, actualThousandths: Int64, days: Int) -> Settle_Programs_V1_WastewaterVolume {
        var result = Settle_Programs_V1_WastewaterVolume()
        result.agreementID = agreement
        result.averageYear = summary.year
        result.actualGallonsThousandths = actualThousandths
        result.averageGallonsThousandths = volume(days: days)
        let cap = summary.capGallons > 0 ? GallonText.divideHalfUp(summary.capGallons * Int64(days), 30) * 1_000 : 0
        result.capGallonsThousandths = cap
        if case .classDefault = basis, !classListed {
            result.billedGallonsThousandths = actualThousandths
            result.used = "actual"
            result.note = "Wastewater on the water used, \(GallonText.thousandths(actualThousandths)) gallons: no \(summary.year) winter average and no default for \(summary.rateClass) in the policy"
            return result
        }
        var billed = min(actualThousandths, result.averageGallonsThousandths)
        result.used = actualThousandths <= result.averageGallonsThousandths ? "actual" : "average"
        if cap > 0, billed > cap {
            billed = cap
            result.used = "cap"
        }
        result.billedGallonsThousandths = billed
        let actual = GallonText.thousandths(actualThousandths), average = GallonText.gallons(result.averageGallonsThousandths / 1_000)
        let basisText = "\(summary.year) winter average \(summary.gallonsPerDay) gal/day × \(days) days = \(average) gallons (\(summary.explanation))"
        switch result.used {
        case "actual": result.note = "Wastewater on the water used, \(actual) gallons: not above the \(basisText)"
        case "average": result.note = "Wastewater on \(average) gallons, the \(basisText), less than the \(actual) gallons used"
        default:
            result.note = "Wastewater on the \(rateClassCapText(cap, days: days)), less than the \(actual) gallons used and the \(basisText)"
        }
        return result
    }

    private func rateClassCapText(_ cap: Int64, days: Int) -> String {
        "\(summary.rateClass) cap \(GallonText.gallons(summary.capGallons)) gallons a month × \(days)/30 days = \(GallonText.gallons(cap / 1_000)) gallons"
    }
}
