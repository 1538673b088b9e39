import SettleContracts
import SettleDomain
import SettleRPC

/// Energy lines: blocks per segment and season (register reads) or per TOU period.
extension BillRater {
    /// Energy: per segment (and per season inside it, for register reads), blocks applied to
    /// the segment's total kWh; inside time-of-use periods by the SAM convention (see
    /// `PeriodBlocks`).
    func energyLines(_ input: RatingInput, segments: [Segment]) throws(RPCError) -> [Line] {
        var lines: [Line] = []
        let days = input.days
        // Register reads: runs of days with one season, usage spread evenly over the days.
        var pieces: [(segment: Int, from: LocalDate, to: LocalDate, period: Int)] = []
        var touSegments: [Int] = []
        for (index, segment) in segments.enumerated() {
            guard let schedule = segment.terms.energy else { continue }
            if schedule.monthly {
                var day = segment.from
                while day < segment.to {
                    let period = schedule.monthlyPeriod(on: day)
                    var next = day.adding(days: 1)
                    while next < segment.to, schedule.monthlyPeriod(on: next) == period { next = next.adding(days: 1) }
                    pieces.append((index, day, next, period))
                    day = next
                }
            } else {
                touSegments.append(index)
            }
        }
        let usage = Blocks.allocate(input.deliveredMicros, weights: pieces.map { $0.to - $0.from })
        for (piece, kwh) in zip(pieces, usage) {
            let segment = segments[piece.segment]
            guard let schedule = segment.terms.energy else { continue }
            let part = Segment(terms: segment.terms, from: piece.from, to: piece.to)
            let (numerator, denominator) = scale(part, days: days)
            lines += PeriodBlocks.lines(
                usage: [(piece.period, kwh)], periods: schedule.periods, scale: (numerator, denominator), days: part.days,
                segment: part, index: piece.segment, component: "energy", unit: "kWh", multiplePeriods: schedule.periods.count > 1)
        }
        guard !touSegments.isEmpty else { return lines }
        // Time of use: the interval data's kWh per period, shared among segments by days.
        for index in touSegments {
            guard let schedule = segments[index].terms.energy else { continue }
            guard input.touMicros.count >= schedule.periods.count else {
                throw RatingError.failedPrecondition("tariff \(code) prices energy by time of use and needs kWh per period (interval data); \(input.touMicros.count) period(s) given, \(schedule.periods.count) needed")
            }
        }
        let touDays = touSegments.map { segments[$0].days }
        var perSegment = [[Int64]](repeating: [], count: touSegments.count)
        for period in input.touMicros.indices {
            let shares = Blocks.allocate(input.touMicros[period], weights: touDays)
            for (position, share) in shares.enumerated() { perSegment[position].append(share) }
        }
        for (position, index) in touSegments.enumerated() {
            let segment = segments[index]
            guard let schedule = segment.terms.energy else { continue }
            let usage = perSegment[position].prefix(schedule.periods.count).enumerated().map { ($0.offset, $0.element) }
            lines += PeriodBlocks.lines(
                usage: usage, periods: schedule.periods, scale: scale(segment, days: days), days: segment.days,
                segment: segment, index: index, component: "energy", unit: "kWh", multiplePeriods: true)
        }
        return lines
    }
}
