import SettleContracts
import SettleRPC

/// Rates one billing period under a tariff: every line with its determinant, rate and amount.
///
/// The period is cut into segments where a different version applies (proration by days
/// across a rate change). Usage read from registers is spread evenly over the days, so a
/// segment of 12 days out of 30 carries 12/30 of the kWh; fixed charges and block sizes
/// scale by days / the standard period (30) unless the version says "none". Each line is
/// rounded to the cent on its own, with the version's rounding.
struct BillRater {
    let code: String
    /// Versions in effect, oldest first.
    let versions: [TariffTerms]
    /// Rate the whole period under the first version, whatever its effective date
    /// (test scenarios, shadow billing, explicit versions).
    let wholePeriod: Bool

    struct Segment {
        let terms: TariffTerms
        let from: LocalDate
        let to: LocalDate
        var days: Int { to - from }
    }

    /// A line in the making: which segment it belongs to, for taxes.
    struct Line {
        var proto: Settle_Rating_V1_BillLine
        let segment: Int
    }

    func rate(_ input: RatingInput) throws(RPCError) -> Settle_Rating_V1_RatedBill {
        let segments = try segments(input)
        var lines: [Line] = []
        var notes: [String] = []
        let days = input.days

        for (index, segment) in segments.enumerated() {
            if let charge = segment.terms.customerCharge {
                lines.append(fixedLine(charge, segment: segment, index: index, days: days, component: "customer", description: "Customer charge"))
            }
        }
        lines += try energyLines(input, segments: segments)
        let demand = try demandLines(input, segments: segments, notes: &notes)
        lines += demand.lines
        lines += riderLines(input, segments: segments)
        lines += try volumeLines(input, segments: segments, water: true)
        lines += try volumeLines(input, segments: segments, water: false)
        lines += try exportLines(input, segments: segments)

        // Minimum bill: the shortfall of the charges (after credits) against the minimum.
        var minimumCents: Int64 = 0
        var hasMinimum = false
        for segment in segments {
            guard let minimum = segment.terms.minimumBill else { continue }
            hasMinimum = true
            minimumCents += fixedCents(minimum, segment: segment, days: days)
        }
        let subtotal = lines.reduce(0) { $0 + $1.proto.amountCents }
        if hasMinimum, subtotal < minimumCents, let last = segments.last {
            var line = Self.line("minimum", "Minimum bill adjustment (minimum \(Dollars.format(minimumCents)))", quantity: Dollars.format(subtotal), unit: "$", rate: Dollars.format(minimumCents), cents: minimumCents - subtotal, segment: last)
            line.quantity = Dollars.format(subtotal)
            lines.append(Line(proto: line, segment: segments.count - 1))
        }

        // Taxes and fees on each segment's own lines.
        var taxCents: Int64 = 0
        for (index, segment) in segments.enumerated() {
            for tax in segment.terms.taxes {
                let base = lines.filter { $0.segment == index && $0.proto.component != "tax" && (tax.appliesTo.isEmpty || tax.appliesTo.contains($0.proto.component)) }
                    .reduce(Int64(0)) { $0 + $1.proto.amountCents }
                let exempt = !tax.taxType.isEmpty && input.exemptTaxTypes.contains(tax.taxType)
                // base cents × percent (millionths) / 100 / 10⁶.
                let cents = exempt ? 0 : Int64(segment.terms.rounding.divide(Int128(base) * Int128(tax.percentMicros), by: 100_000_000))
                taxCents += cents
                let description = exempt ? "\(tax.name) (exempt: \(tax.taxType))" : tax.name
                lines.append(Line(proto: Self.line("tax", description, quantity: Dollars.format(base), unit: "$", rate: Micros.format(tax.percentMicros) + "%", cents: cents, segment: segment), segment: index))
            }
        }

        var bill = Settle_Rating_V1_RatedBill()
        bill.tariffCode = code
        bill.lines = lines.map(\.proto)
        bill.totalCents = lines.reduce(0) { $0 + $1.proto.amountCents }
        bill.taxCents = taxCents
        bill.billingDemandW = demand.billingDemandW
        bill.days = UInt32(days)
        bill.notes = notes
        return bill
    }

    // MARK: Segments

    private func segments(_ input: RatingInput) throws(RPCError) -> [Segment] {
        guard let first = versions.first else { throw RatingError.failedPrecondition("tariff \(code) has no version to rate with") }
        if wholePeriod { return [Segment(terms: first, from: input.start, to: input.end)] }
        guard first.effectiveFrom <= input.start else {
            throw RatingError.failedPrecondition("no active version of tariff \(code) is in effect on \(input.start) (the first starts \(first.effectiveFrom))")
        }
        var result: [Segment] = []
        for (index, terms) in versions.enumerated() {
            let next = index + 1 < versions.count ? versions[index + 1].effectiveFrom : input.end
            let from = max(terms.effectiveFrom, input.start)
            let to = min(next, input.end)
            if from < to { result.append(Segment(terms: terms, from: from, to: to)) }
        }
        return result
    }

    /// The scale of a monthly amount or block size on a segment: days / standard days, or
    /// the segment's share of the period when the version does not prorate.
    private func scale(_ segment: Segment, days: Int) -> (Int, Int) {
        segment.terms.prorateByDays ? (segment.days, segment.terms.standardDays) : (segment.days, days)
    }

    private func fixedCents(_ charge: TariffTerms.Fixed, segment: Segment, days: Int) -> Int64 {
        let (numerator, denominator) = charge.perDay ? (segment.days, 1) : scale(segment, days: days)
        return Blocks.cents(Micros.scale, charge.amountMicros, numerator, denominator, rounding: segment.terms.rounding)
    }

    private func fixedLine(_ charge: TariffTerms.Fixed, segment: Segment, index: Int, days: Int, component: String, description: String) -> Line {
        let cents = fixedCents(charge, segment: segment, days: days)
        let (numerator, denominator) = charge.perDay ? (segment.days, 1) : scale(segment, days: days)
        let quantity = charge.perDay ? "\(segment.days)" : (numerator == denominator ? "1" : "\(numerator)/\(denominator)")
        return Line(proto: Self.line(component, description, quantity: quantity, unit: charge.perDay ? "days" : "months", rate: Micros.format(charge.amountMicros), cents: cents, segment: segment), segment: index)
    }

    static func line(_ component: String, _ description: String, quantity: String, unit: String, rate: String, cents: Int64, segment: Segment) -> Settle_Rating_V1_BillLine {
        var line = Settle_Rating_V1_BillLine()
        line.component = component
        line.description_p = description
        line.quantity = quantity
        line.unit = unit
        line.rate = rate
        line.amountCents = cents
        line.tariffVersion = segment.terms.label
        line.fromDate = segment.from.description
        line.toDate = segment.to.adding(days: -1).description
        return line
    }

    /// Millionths of a unit as a decimal with at most 3 places ("812.5").
    static func quantity(_ micros: Int64) -> String { Micros.format(Int128(micros), decimals: 3) }

    // MARK: Energy

    /// Energy: per segment (and per season inside it, for register reads), blocks applied to
    /// the segment's total kWh; inside time-of-use periods by the SAM convention (see
    /// `PeriodBlocks`).
    private func energyLines(_ input: RatingInput, segments: [Segment]) throws(RPCError) -> [Line] {
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

    // MARK: Exports

    /// Net billing: received kWh credited at the sell rate of the period they fall in.
    private func exportLines(_ input: RatingInput, segments: [Segment]) throws(RPCError) -> [Line] {
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

    // MARK: Riders

    private func riderLines(_ input: RatingInput, segments: [Segment]) -> [Line] {
        var lines: [Line] = []
        let days = input.days
        // Runs of days with one value of one rider, across all segments.
        var runs: [(index: Int, rider: TariffTerms.Rider, value: TariffTerms.RiderValue, from: LocalDate, to: LocalDate)] = []
        for (index, segment) in segments.enumerated() {
            for rider in segment.terms.riders {
                var day = segment.from
                while day < segment.to {
                    let value = rider.value(on: day)
                    var next = day.adding(days: 1)
                    while next < segment.to, rider.value(on: next)?.from == value?.from { next = next.adding(days: 1) }
                    if let value { runs.append((index, rider, value, day, next)) }
                    day = next
                }
            }
        }
        // kWh riders share the period's kWh by days, per rider.
        let names = Array(Set(runs.map(\.rider.name))).sorted()
        for name in names {
            let riderRuns = runs.filter { $0.rider.name == name }
            let shares = Blocks.allocate(input.deliveredMicros, weights: riderRuns.map { $0.to - $0.from })
            for (run, kwh) in zip(riderRuns, shares) {
                let segment = Segment(terms: segments[run.index].terms, from: run.from, to: run.to)
                if run.rider.perKWh {
                    let cents = Blocks.cents(kwh, run.value.rateMicros, rounding: segment.terms.rounding)
                    lines.append(Line(proto: Self.line("rider", run.rider.name, quantity: Self.quantity(kwh), unit: "kWh", rate: Micros.format(run.value.rateMicros), cents: cents, segment: segment), segment: run.index))
                } else {
                    lines.append(fixedLine(TariffTerms.Fixed(amountMicros: run.value.rateMicros, perDay: false), segment: segment, index: run.index, days: days, component: "rider", description: run.rider.name))
                }
            }
        }
        return lines
    }

    // MARK: Water and wastewater

    private func volumeLines(_ input: RatingInput, segments: [Segment], water: Bool) throws(RPCError) -> [Line] {
        var lines: [Line] = []
        let component = water ? "water" : "wastewater"
        let name = water ? "Water" : "Wastewater"
        let applicable = segments.enumerated().filter { (water ? $0.element.terms.water : $0.element.terms.wastewater) != nil }
        let shares = Blocks.allocate(input.kgalMicros, weights: applicable.map { $0.element.days })
        for ((index, segment), kgal) in zip(applicable, shares) {
            guard let volume = water ? segment.terms.water : segment.terms.wastewater else { continue }
            if !volume.base.isEmpty {
                guard let amount = volume.base[input.meterSize] ?? volume.base[""] else {
                    throw RatingError.failedPrecondition("tariff \(code) has no \(component) base charge for meter size '\(input.meterSize)' (sizes: \(volume.base.keys.sorted().joined(separator: ", ")))")
                }
                lines.append(fixedLine(TariffTerms.Fixed(amountMicros: amount, perDay: false), segment: segment, index: index, days: input.days,
                                       component: component, description: "\(name) base charge" + (input.meterSize.isEmpty ? "" : " (\(input.meterSize)\" meter)")))
            }
            guard !volume.blocks.isEmpty else { continue }
            lines += PeriodBlocks.lines(
                usage: [(0, kgal)], periods: [TariffTerms.Period(name: name, blocks: volume.blocks)], scale: scale(segment, days: input.days),
                days: segment.days, segment: segment, index: index, component: component, unit: "kgal", multiplePeriods: false)
        }
        return lines
    }
}
