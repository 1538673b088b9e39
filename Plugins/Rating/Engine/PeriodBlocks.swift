import SettleContracts
import SettleDomain

/// Lines for usage in one or more rate periods with blocks.
///
/// Block limits inside time-of-use periods apply to the total across periods, as NREL's
/// System Advisor Model does: the month's (segment's) total kWh is split into blocks with a
/// period's limits, and each period's kWh falls into those blocks in the same proportions.
/// With 1,000 kWh (400 on-peak, 600 off-peak) and a 500 kWh first block, each period has
/// half its kWh in each block: 200 + 200 on-peak, 300 + 300 off-peak.
enum PeriodBlocks {
    static func lines(
        usage: [(period: Int, micros: Int64)], periods: [TariffTerms.Period], scale: (Int, Int), days: Int,
        segment: BillRater.Segment, index: Int, component: String, unit: String, multiplePeriods: Bool
    ) -> [BillRater.Line] {
        let total = usage.reduce(Int64(0)) { $0 + $1.micros }
        var lines: [BillRater.Line] = []
        for (period, micros) in usage {
            let rate = periods[period]
            for (block, quantity) in quantities(micros, total: total, blocks: rate.blocks, scale: scale, days: days).enumerated() {
                guard quantity != 0 || block == 0 else { continue }
                let terms = rate.blocks[block]
                let cents = Blocks.cents(quantity, terms.rateMicros, rounding: segment.terms.rounding)
                let description = self.description(component: component, period: multiplePeriods ? rate.name : nil, block: rate.blocks.count > 1 ? block : nil)
                lines.append(BillRater.Line(
                    proto: BillRater.line(component, description, quantity: BillRater.quantity(quantity), unit: unit, rate: Micros.format(terms.rateMicros), cents: cents, segment: segment),
                    segment: index))
            }
        }
        return lines
    }

    /// A period's quantity in each block, with the blocks' limits applied to `total`.
    static func quantities(_ micros: Int64, total: Int64, blocks: [TariffTerms.Block], scale: (Int, Int), days: Int) -> [Int64] {
        let limits = blocks.map { block in
            block.maxMicros.map { block.daily ? $0 * Int64(days) : Blocks.scale($0, scale.0, scale.1) }
        }
        let portions = Blocks.split(total, limits: limits)
        guard micros != total else { return portions }
        guard total > 0 else { return portions.map { _ in 0 } }
        // Shares of each block, exactly summing to this period's quantity.
        return Blocks.allocate(micros, weights: portions.map { Int($0) })
    }

    static func description(component: String, period: String?, block: Int?) -> String {
        var text = component.prefix(1).uppercased() + component.dropFirst()
        if let period { text += " \(period)" }
        if let block { text += " block \(block + 1)" }
        return text
    }
}
