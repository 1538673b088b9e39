import SettleDomain

/// A premise's past billing periods, found from its reads on the cycle's past read dates.
///
/// For each of the 13 previous periods the read closest to that period's scheduled date
/// (within a week) marks its end; consecutive marks bound one past period, whose use is
/// computed like any other (across exchanges). VEE compares against the same period last
/// year, else the average of the last three.
struct UsageHistory: Sendable {
    /// Past periods by how many periods back they end (1 = the previous period).
    private(set) var periods: [Int: Estimator.Period] = [:]

    var lastYear: Estimator.Period? { periods[12] }
    var recent: [Estimator.Period] { (1...3).compactMap { periods[$0] } }

    init(periods: [Int: Estimator.Period]) { self.periods = periods }

    init(usage: PremiseUsage, schedule: ReadSchedule, period: YearMonth, calendar: ZoneCalendar) {
        let reads = usage.billingReads
        var marks: [Int: Int64] = [:]
        for back in 1...13 {
            let target = schedule.readDate(period.adding(months: -back))
            var best: (distance: Int, instant: Int64)?
            for (_, read) in reads {
                let distance = abs(calendar.localDate(of: read.readAt) - target)
                guard distance <= 7 else { continue }
                if let current = best, current.distance <= distance { continue }
                best = (distance, read.readAt)
            }
            if let best { marks[back] = best.instant }
        }
        for back in 1...12 {
            guard let end = marks[back], let start = marks[back + 1], start < end else { continue }
            let computed = RegisterUsage.compute(usage, channel: usage.serviceType.primaryChannel, from: start, to: end, calendar: calendar)
            guard computed.isComplete, computed.total >= 0 else { continue }
            periods[back] = Estimator.Period(consumption: computed.total, days: calendar.localDate(of: end) - calendar.localDate(of: start))
        }
    }

    /// Both references high and low use are compared with, each on its own: the same period
    /// last year (`last_year`) and the last three periods together (`average`), each only
    /// when it is big enough to judge (at least `minimum`).
    func references(minimum: Int64) -> [(basis: String, period: Estimator.Period, description: String)] {
        var result: [(basis: String, period: Estimator.Period, description: String)] = []
        if let lastYear, lastYear.consumption >= minimum { result.append(("last_year", lastYear, "the same period last year")) }
        let recent = recent
        if !recent.isEmpty {
            let combined = Estimator.Period(consumption: recent.reduce(0) { $0 + $1.consumption }, days: recent.reduce(0) { $0 + $1.days })
            if combined.consumption >= minimum {
                result.append(("average", combined, "the average of the last \(recent.count) period\(recent.count == 1 ? "" : "s")"))
            }
        }
        return result
    }

    /// How many periods in a row before this one had no use at all (1 = only the previous one).
    var zeroPeriodsBefore: Int {
        var count = 0
        while let period = periods[count + 1], period.consumption == 0 { count += 1 }
        return count
    }

    /// What the history says a period should use (rollover plausibility, messages): last
    /// year's period if it is big enough to judge, else the last three periods together.
    func comparison(minimum: Int64) -> (period: Estimator.Period, basis: String)? {
        if let lastYear, lastYear.consumption >= minimum { return (lastYear, "the same period last year") }
        let recent = recent
        guard !recent.isEmpty else { return nil }
        let combined = Estimator.Period(consumption: recent.reduce(0) { $0 + $1.consumption }, days: recent.reduce(0) { $0 + $1.days })
        return (combined, "the average of the last \(recent.count) period\(recent.count == 1 ? "" : "s")")
    }
}
