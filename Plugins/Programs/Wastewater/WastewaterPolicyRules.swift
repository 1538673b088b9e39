import SettleContracts
import SettleDomain

/// The wastewater policy's defaults and checks.
enum WastewaterPolicyRules {
    /// Periods closing in December, January or February; at least 2 of at least 20 days;
    /// residential default 5,000 gallons a month capped at 12,000; the new year's averages
    /// apply from the first period closing after March 31.
    static var defaults: Settle_Programs_V1_WastewaterPolicy {
        var policy = Settle_Programs_V1_WastewaterPolicy()
        policy.winterMonths = [12, 1, 2]
        policy.minimumPeriods = 2
        policy.minimumDays = 20
        policy.effectiveAfter = "03-31"
        policy.classes = [
            classAverage("residential", default: 5_000, cap: 12_000),
            classAverage("small_commercial", default: 15_000, cap: 0),
        ]
        return policy
    }

    static func classAverage(_ rateClass: String, default gallons: Int64, cap: Int64) -> Settle_Programs_V1_ClassAverage {
        var entry = Settle_Programs_V1_ClassAverage()
        entry.rateClass = rateClass
        entry.defaultGallons = gallons
        entry.capGallons = cap
        return entry
    }

    /// The policy as given, with empty fields at their defaults; INVALID_ARGUMENT naming a bad field.
    static func checked(_ given: Settle_Programs_V1_WastewaterPolicy) throws -> Settle_Programs_V1_WastewaterPolicy {
        var policy = given
        let defaults = Self.defaults
        if policy.winterMonths.isEmpty { policy.winterMonths = defaults.winterMonths }
        for (index, month) in policy.winterMonths.enumerated() where !(1...12).contains(month) {
            throw ProgramsError.invalid("policy.winter_months[\(index)]", "\(month) is not a month 1–12")
        }
        guard Set(policy.winterMonths).count == policy.winterMonths.count else {
            throw ProgramsError.invalid("policy.winter_months", "a month is listed twice")
        }
        if policy.minimumPeriods == 0 { policy.minimumPeriods = defaults.minimumPeriods }
        if policy.minimumDays == 0 { policy.minimumDays = defaults.minimumDays }
        guard policy.minimumDays <= 62 else { throw ProgramsError.invalid("policy.minimum_days", "\(policy.minimumDays) is more than a period can have") }
        if policy.effectiveAfter.isEmpty { policy.effectiveAfter = defaults.effectiveAfter }
        guard monthDay(policy.effectiveAfter) != nil else {
            throw ProgramsError.invalid("policy.effective_after", "'\(policy.effectiveAfter)' is not a month and day MM-DD")
        }
        var seen = Set<String>()
        for (index, entry) in policy.classes.enumerated() {
            guard !entry.rateClass.isEmpty else { throw ProgramsError.invalid("policy.classes[\(index)].rate_class", "a rate class is required") }
            guard seen.insert(entry.rateClass).inserted else { throw ProgramsError.invalid("policy.classes[\(index)].rate_class", "'\(entry.rateClass)' is listed twice") }
            guard entry.defaultGallons >= 0 else { throw ProgramsError.invalid("policy.classes[\(index)].default_gallons", "\(entry.defaultGallons) is negative") }
            guard entry.capGallons >= 0 else { throw ProgramsError.invalid("policy.classes[\(index)].cap_gallons", "\(entry.capGallons) is negative") }
        }
        return policy
    }

    /// (month, day) of "MM-DD".
    static func monthDay(_ text: String) -> (month: Int, day: Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let month = Int(parts[0]), let day = Int(parts[1]),
              LocalDate(year: 2000, month: month, day: day) != nil else { return nil }
        return (month, day)
    }

    /// The year whose averages a period closing on `end` is billed on: the period's own
    /// year once it closes after `effective_after`, else the year before.
    static func averageYear(forPeriodEndingOn end: LocalDate, policy: Settle_Programs_V1_WastewaterPolicy) -> Int {
        let (month, day) = monthDay(policy.effectiveAfter) ?? (3, 31)
        let year = end.components.year
        let cutoff = LocalDate(year: year, month: month, day: min(day, LocalDate.daysIn(year: year, month: month))) ?? end
        return end > cutoff ? year : year - 1
    }

    /// Whether a period closing on `end` belongs to `year`'s winter: its closing month is a
    /// winter month, in `year` for January–June, in the year before for July–December.
    static func isWinter(periodEndingOn end: LocalDate, of year: Int, policy: Settle_Programs_V1_WastewaterPolicy) -> Bool {
        let (endYear, month, _) = end.components
        guard policy.winterMonths.contains(UInt32(month)) else { return false }
        return month <= 6 ? endYear == year : endYear == year - 1
    }

    /// The class's default and cap, or zeros for a class the policy does not list.
    static func classAverage(_ rateClass: String, in policy: Settle_Programs_V1_WastewaterPolicy) -> Settle_Programs_V1_ClassAverage {
        policy.classes.first { $0.rateClass == rateClass } ?? classAverage(rateClass, default: 0, cap: 0)
    }
}
