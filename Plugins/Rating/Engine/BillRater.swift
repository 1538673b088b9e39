import SettleContracts
import SettleDomain
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
        // What programs did comes first: the lines below are rated on it.
        var notes: [String] = input.programNotes
        let days = input.days

        for (index, segment) in segments.enumerated() {
            if let charge = segment.terms.customerCharge {
                lines.append(fixedLine(charge, segment: segment, index: index, days: days, component: "customer", description: "Customer charge"))
            }
        }
        // A solar bill prices the kWh its metering option buys (`BillRater+Solar`).
        let solar = try input.solar.map { terms throws(RPCError) in (terms: terms, pricing: try solarPricing(input, terms, segments: segments)) }
        lines += try energyLines(solar?.pricing.energyInput ?? input, segments: segments)
        let demand = try demandLines(input, segments: segments, notes: &notes)
        lines += demand.lines
        lines += riderLines(input, segments: segments)
        lines += try volumeLines(input, segments: segments, water: true)
        lines += try volumeLines(input, segments: segments, water: false)
        var trueUp: Line?
        var statement: Settle_Rating_V1_SolarStatement?
        if let solar {
            let credited = try solarCredits(solar.pricing, solar.terms, input: input, segments: segments, lines: lines)
            lines += credited.credits
            trueUp = credited.trueUp
            statement = credited.statement
            notes.append(Self.solarNote(credited.statement))
        } else {
            lines += try exportLines(input, segments: segments)
        }

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
            var line = Self.line("minimum", "Minimum bill adjustment (minimum \(Dollars.plain(minimumCents)))", quantity: Dollars.plain(subtotal), unit: "$", rate: Dollars.plain(minimumCents), cents: minimumCents - subtotal, segment: last)
            line.quantity = Dollars.plain(subtotal)
            lines.append(Line(proto: line, segment: segments.count - 1))
        }

        // Taxes and fees on each segment's own lines.
        var taxCents: Int64 = 0
        for (index, segment) in segments.enumerated() {
            for tax in segment.terms.taxes {
                // A solar credit lowers the energy charged, so a tax on energy is on what is owed.
                let base = lines.filter { $0.segment == index && $0.proto.component != "tax"
                    && (tax.appliesTo.isEmpty || tax.appliesTo.contains($0.proto.component) || ($0.proto.component == "solar_credit" && tax.appliesTo.contains("energy"))) }
                    .reduce(Int64(0)) { $0 + $1.proto.amountCents }
                let exempt = !tax.taxType.isEmpty && input.exemptTaxTypes.contains(tax.taxType)
                // base cents × percent (millionths) / 100 / 10⁶.
                let cents = exempt ? 0 : Int64(segment.terms.rounding.divide(Int128(base) * Int128(tax.percentMicros), by: 100_000_000))
                taxCents += cents
                let description = exempt ? "\(tax.name) (exempt: \(tax.taxType))" : tax.name
                lines.append(Line(proto: Self.line("tax", description, quantity: Dollars.plain(base), unit: "$", rate: Micros.format(tax.percentMicros) + "%", cents: cents, segment: segment), segment: index))
            }
        }

        // The true-up pays the customer after taxes: what was owed was taxed, the payout is not.
        if let trueUp { lines.append(trueUp) }

        var bill = Settle_Rating_V1_RatedBill()
        if let statement { bill.solar = statement }
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
    func scale(_ segment: Segment, days: Int) -> (Int, Int) {
        segment.terms.prorateByDays ? (segment.days, segment.terms.standardDays) : (segment.days, days)
    }

    func fixedCents(_ charge: TariffTerms.Fixed, segment: Segment, days: Int) -> Int64 {
        let (numerator, denominator) = charge.perDay ? (segment.days, 1) : scale(segment, days: days)
        return Blocks.cents(Micros.scale, charge.amountMicros, numerator, denominator, rounding: segment.terms.rounding)
    }

    func fixedLine(_ charge: TariffTerms.Fixed, segment: Segment, index: Int, days: Int, component: String, description: String) -> Line {
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
}
