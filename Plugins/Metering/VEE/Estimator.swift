/// Estimation: register reads from history, interval gaps by interpolation or profile.
///
/// Every estimate is an exact integer and is written flagged estimated; the next actual read
/// trues it up (see ``RegisterUsage``).
enum Estimator {
    /// One past billing period: its use and length.
    struct Period: Sendable, Equatable {
        let consumption: Int64
        let days: Int
    }

    /// Same period last year scaled by days: use × days / its days, rounded half up.
    static func lastYear(_ period: Period?, days: Int) -> Int64? {
        guard let period, period.days > 0, days > 0 else { return nil }
        return Ratio.scale(period.consumption, by: Int64(days), dividedBy: Int64(period.days))
    }

    /// Recent average daily use × days: the periods' total use over their total days.
    static func averageDaily(_ periods: [Period], days: Int) -> Int64? {
        let totalDays = periods.reduce(0) { $0 + $1.days }
        guard totalDays > 0, days > 0 else { return nil }
        return Ratio.scale(periods.reduce(0) { $0 + $1.consumption }, by: Int64(days), dividedBy: Int64(totalDays))
    }

    /// Fills a day's missing slots: runs of at most `shortGap` slots between two present values
    /// by straight-line interpolation; longer runs (or runs at the day's edge) from the profile
    /// — the mean of the same slot over `profile` days (same weekday type, recent weeks) —,
    /// else the mean of the day's present values. Filled slots are flagged estimated.
    /// Returns how many slots were filled.
    @discardableResult
    static func fillGaps(_ day: inout IntervalDay, profile: [IntervalDay], shortGap: Int) -> Int {
        var filled = 0
        var slot = 0
        let presentValues = (0..<day.slots).filter { day.present[$0] }.map { day.values[$0] }
        let dayMean: Int64? = presentValues.isEmpty ? nil : Ratio.scale(presentValues.reduce(0, +), by: 1, dividedBy: Int64(presentValues.count))
        while slot < day.slots {
            guard !day.present[slot] else { slot += 1; continue }
            var end = slot
            while end < day.slots, !day.present[end] { end += 1 }
            let length = end - slot
            if length <= shortGap, slot > 0, end < day.slots {
                let left = day.values[slot - 1]
                let right = day.values[end]
                for (index, target) in (slot..<end).enumerated() {
                    let value = left + Ratio.scale(right - left, by: Int64(index + 1), dividedBy: Int64(length + 1))
                    day.set(target, value, estimated: true)
                    filled += 1
                }
            } else {
                for target in slot..<end {
                    let samples = profile.compactMap { other -> Int64? in
                        let index = min(target, other.slots - 1)
                        return other.present[index] && !other.estimated[index] ? other.values[index] : nil
                    }
                    let value = samples.isEmpty ? dayMean : Ratio.scale(samples.reduce(0, +), by: 1, dividedBy: Int64(samples.count))
                    if let value {
                        day.set(target, value, estimated: true)
                        filled += 1
                    }
                }
            }
            slot = end
        }
        return filled
    }
}
