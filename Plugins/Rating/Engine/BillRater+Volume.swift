import SettleContracts
import SettleDomain
import SettleRPC

/// Water and wastewater: base charge by meter size and volume blocks per 1,000 gallons.
extension BillRater {
    func volumeLines(_ input: RatingInput, segments: [Segment], water: Bool) throws(RPCError) -> [Line] {
        var lines: [Line] = []
        let component = water ? "water" : "wastewater"
        let name = water ? "Water" : "Wastewater"
        let applicable = segments.enumerated().filter { (water ? $0.element.terms.water : $0.element.terms.wastewater) != nil }
        // Wastewater prices the volume a program set (winter averaging), else the water use.
        let volumeMicros = water ? input.kgalMicros : input.wastewaterKgalMicros ?? input.kgalMicros
        let shares = Blocks.allocate(volumeMicros, weights: applicable.map { $0.element.days })
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
