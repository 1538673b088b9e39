import SettleContracts
import SettleDomain
import SettleRPC

extension BillRater {
    /// Demand charges on the period's billing demand.
    ///
    /// Billing demand = the maximum 15-minute kW × the multiplier, raised by the power-factor
    /// adjustment when the period's power factor is below target, then at least the ratchet
    /// (a percentage of the highest billing demand of the previous months) and the minimum.
    /// It is charged once per period: across a version change each segment pays its share
    /// of days (demand is not scaled to a 30-day month).
    func demandLines(_ input: RatingInput, segments: [Segment], notes: inout [String]) throws(RPCError) -> (lines: [Line], billingDemandW: Int64) {
        guard let demand = segments.last?.terms.demand else { return ([], 0) }
        let billing = Self.billingDemand(input, demand: demand, notes: &notes)
        var lines = try touDemandLines(input, segments: segments)
        guard !demand.flatPeriods.isEmpty else { return (lines, billing) }
        let month = input.billMonth.month
        for (index, segment) in segments.enumerated() {
            guard let terms = segment.terms.demand, !terms.flatPeriods.isEmpty else { continue }
            let period = terms.flatPeriods[terms.flatPeriod(month: month)]
            let kw = billing * 1_000
            let quantities = PeriodBlocks.quantities(kw, total: kw, blocks: period.blocks, scale: (1, 1), days: input.days)
            for (block, quantity) in quantities.enumerated() where quantity != 0 || block == 0 {
                let rate = period.blocks[block].rateMicros
                let cents = Blocks.cents(quantity, rate, segment.days, input.days, rounding: segment.terms.rounding)
                var description = PeriodBlocks.description(component: "demand", period: terms.flatPeriods.count > 1 ? period.name : nil, block: period.blocks.count > 1 ? block : nil)
                if segment.days != input.days { description += " (\(segment.days)/\(input.days) days)" }
                lines.append(Line(proto: Self.line("demand", description, quantity: Self.quantity(quantity), unit: "kW", rate: Micros.format(rate), cents: cents, segment: segment), segment: index))
            }
        }
        return (lines, billing)
    }

    /// TOU demand: each demand period's own maximum × the multiplier, at its own blocks;
    /// across a version change each segment pays its share of days.
    private func touDemandLines(_ input: RatingInput, segments: [Segment]) throws(RPCError) -> [Line] {
        var lines: [Line] = []
        for (index, segment) in segments.enumerated() {
            guard let terms = segment.terms.demand, !terms.touPeriods.isEmpty else { continue }
            guard input.touMaxDemandW.count >= terms.touPeriods.count else {
                throw RatingError.failedPrecondition("tariff \(code) charges demand by time-of-use period and needs each period's maximum demand (interval data); \(input.touMaxDemandW.count) period(s) given, \(terms.touPeriods.count) needed")
            }
            for (number, period) in terms.touPeriods.enumerated() {
                let watts = Int64(Rounding.halfUp.divide(Int128(input.touMaxDemandW[number]) * Int128(terms.multiplierMicros), by: Int128(Micros.scale)))
                let kw = watts * 1_000
                let quantities = PeriodBlocks.quantities(kw, total: kw, blocks: period.blocks, scale: (1, 1), days: input.days)
                for (block, quantity) in quantities.enumerated() where quantity != 0 || block == 0 {
                    let rate = period.blocks[block].rateMicros
                    let cents = Blocks.cents(quantity, rate, segment.days, input.days, rounding: segment.terms.rounding)
                    var description = PeriodBlocks.description(component: "demand", period: period.name, block: period.blocks.count > 1 ? block : nil)
                    if segment.days != input.days { description += " (\(segment.days)/\(input.days) days)" }
                    lines.append(Line(proto: Self.line("demand", description, quantity: Self.quantity(quantity), unit: "kW", rate: Micros.format(rate), cents: cents, segment: segment), segment: index))
                }
            }
        }
        return lines
    }

    /// Billing demand in W, with a note for each adjustment that applied.
    static func billingDemand(_ input: RatingInput, demand: TariffTerms.Demand, notes: inout [String]) -> Int64 {
        var billing = Int64(Rounding.halfUp.divide(Int128(input.maxDemandW) * Int128(demand.multiplierMicros), by: Int128(Micros.scale)))
        if let target = demand.powerFactorTargetMicros, input.deliveredMicros > 0, input.kvarhMicros > 0 {
            let kwh = Int128(input.deliveredMicros)
            let kvarh = Int128(input.kvarhMicros)
            // PF < target  ⇔  kWh² · 10¹² < target² · (kWh² + kvarh²), all exact.
            if kwh * kwh * 1_000_000_000_000 < Int128(target) * Int128(target) * (kwh * kwh + kvarh * kvarh) {
                // kVA in millionths: √(kWh² + kvarh²); billing × target / PF = billing × target × kVA / kWh.
                let kva = Self.squareRoot(kwh * kwh + kvarh * kvarh)
                let adjusted = Int64(Rounding.halfUp.divide(Int128(billing) * Int128(target) * kva, by: kwh * Int128(Micros.scale)))
                let pf = Micros.format(Int128(Rounding.halfUp.divide(kwh * Int128(Micros.scale), by: kva)), decimals: 4)
                notes.append("power factor \(pf) below \(Micros.format(target)): billing demand \(quantityKW(billing)) kW × \(Micros.format(target)) / \(pf) = \(quantityKW(adjusted)) kW")
                billing = adjusted
            }
        }
        if let percent = demand.ratchetPercentMicros {
            let month = input.billMonth
            let earliest = month.adding(months: -demand.ratchetMonths)
            let eligible = input.demandHistory.filter {
                $0.month >= earliest && $0.month < month && (demand.ratchetFromMonths.isEmpty || demand.ratchetFromMonths.contains($0.month.month))
            }
            if let highest = eligible.max(by: { $0.billingDemandW < $1.billingDemandW }) {
                let ratchet = Int64(Rounding.halfUp.divide(Int128(highest.billingDemandW) * Int128(percent), by: 100_000_000))
                if ratchet > billing {
                    notes.append("ratchet: \(Micros.format(percent))% of \(quantityKW(highest.billingDemandW)) kW (\(highest.month)) = \(quantityKW(ratchet)) kW exceeds \(quantityKW(billing)) kW")
                    billing = ratchet
                }
            }
        }
        if let minimum = demand.minimumW, minimum > billing {
            notes.append("minimum demand \(quantityKW(minimum)) kW exceeds \(quantityKW(billing)) kW")
            billing = minimum
        }
        return billing
    }

    static func quantityKW(_ watts: Int64) -> String { quantity(watts * 1_000) }

    /// ⌊√value⌋ by Newton's method on integers.
    static func squareRoot(_ value: Int128) -> Int128 {
        guard value > 1 else { return max(value, 0) }
        var x = value
        var y = (x + 1) / 2
        while y < x {
            x = y
            y = (x + value / x) / 2
        }
        return x
    }
}
