import SettleContracts
import SettleDomain
import SettleRPC

/// Export credits (net billing) at the sell rate of the period the kWh fall in.
extension BillRater {
    /// Net billing: received kWh credited at the sell rate of the period they fall in.
    func exportLines(_ input: RatingInput, segments: [Segment]) throws(RPCError) -> [Line] {
        guard input.receivedMicros > 0 || input.touReceivedMicros.contains(where: { $0 > 0 }) else { return [] }
        var pieces: [(index: Int, from: LocalDate, to: LocalDate, sell: Int64)] = []
        var lines: [Line] = []
        var touSegments: [(index: Int, sells: [Int64])] = []
        for (index, segment) in segments.enumerated() {
            guard let schedule = segment.terms.energy else { continue }
            let sells = schedule.periods.map { $0.blocks.first?.sellMicros ?? 0 }
            if !schedule.monthly, Set(sells).count > 1 {
                // Per-period sell rates need received kWh per period (interval data).
                guard input.touReceivedMicros.count >= sells.count else {
                    throw RatingError.failedPrecondition("tariff \(code) has a different sell rate per time-of-use period; crediting exports needs received kWh per period (interval data)")
                }
                touSegments.append((index, sells))
                continue
            }
            var day = segment.from
            while day < segment.to {
                let sell = schedule.monthly ? sells[schedule.monthlyPeriod(on: day)] : sells[0]
                var next = day.adding(days: 1)
                while next < segment.to, (schedule.monthly ? sells[schedule.monthlyPeriod(on: next)] : sells[0]) == sell { next = next.adding(days: 1) }
                pieces.append((index, day, next, sell))
                day = next
            }
        }
        if !pieces.isEmpty {
            let shares = Blocks.allocate(input.receivedMicros, weights: pieces.map { $0.to - $0.from })
            for (piece, kwh) in zip(pieces, shares) where piece.sell > 0 && kwh > 0 {
                let segment = Segment(terms: segments[piece.index].terms, from: piece.from, to: piece.to)
                let cents = Blocks.cents(kwh, piece.sell, rounding: segment.terms.rounding)
                lines.append(Line(proto: Self.line("export_credit", "Export credit", quantity: Self.quantity(kwh), unit: "kWh", rate: Micros.format(piece.sell), cents: -cents, segment: segment), segment: piece.index))
            }
        }
        if !touSegments.isEmpty {
            let weights = touSegments.map { segments[$0.index].days }
            var perSegment = [[Int64]](repeating: [], count: touSegments.count)
            for period in input.touReceivedMicros.indices {
                for (position, share) in Blocks.allocate(input.touReceivedMicros[period], weights: weights).enumerated() { perSegment[position].append(share) }
            }
            for (position, entry) in touSegments.enumerated() {
                let segment = segments[entry.index]
                guard let schedule = segment.terms.energy else { continue }
                for (period, sell) in entry.sells.enumerated() where sell > 0 && perSegment[position][period] > 0 {
                    let kwh = perSegment[position][period]
                    let cents = Blocks.cents(kwh, sell, rounding: segment.terms.rounding)
                    lines.append(Line(proto: Self.line("export_credit", "Export credit \(schedule.periods[period].name)", quantity: Self.quantity(kwh), unit: "kWh", rate: Micros.format(sell), cents: -cents, segment: segment), segment: entry.index))
                }
            }
        }
        return lines
    }
}
