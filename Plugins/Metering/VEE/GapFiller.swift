import SettleDomain

/// Fills a premise's interval gaps day by day (``Estimator/fillGaps(_:profile:shortGap:)``),
/// with the same weekday of the four previous weeks as each day's profile.
enum GapFiller {
    typealias FilledDay = (meterID: Int64, channel: MeterChannel, day: Int, data: IntervalDay)

    /// Fills the days holding `gaps` in `usage` and returns them, to be stored. A gap of up to
    /// `shortGapMinutes` (e.g. 120: eight 15-minute intervals) is interpolated.
    static func fill(_ usage: inout PremiseUsage, gaps: [(meterID: Int64, day: Int, slot: Int)], shortGapMinutes: Int, calendar: ZoneCalendar) -> [FilledDay] {
        var result: [FilledDay] = []
        var seen = Set<[Int64]>()
        for gap in gaps where seen.insert([gap.meterID, Int64(gap.day)]).inserted {
            guard let segment = usage.segments.first(where: { $0.meter.id == gap.meterID }) else { continue }
            let minutes = segment.meter.intervalMinutes
            let stored = usage.intervals[gap.meterID]?[.kwhDelivered] ?? [:]
            var day = stored[gap.day] ?? IntervalDay(slots: calendar.slots(in: LocalDate(dayNumber: gap.day), minutes: minutes), minutes: minutes)
            let profile = (1...4).compactMap { stored[gap.day - 7 * $0] }
            guard Estimator.fillGaps(&day, profile: profile, shortGap: shortGapMinutes / max(1, minutes)) > 0 else { continue }
            usage.intervals[gap.meterID, default: [:]][.kwhDelivered, default: [:]][gap.day] = day
            result.append((gap.meterID, .kwhDelivered, gap.day, day))
        }
        return result
    }
}
