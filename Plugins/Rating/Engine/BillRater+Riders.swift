import SettleContracts
import SettleDomain
import SettleRPC

/// Rider lines, split where a rider's value changes.
extension BillRater {
    func riderLines(_ input: RatingInput, segments: [Segment]) -> [Line] {
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
}
