import SettleDomain

/// The interval-data rules of VEE and demand against energy.
extension AgreementEvaluator {
    /// Demand against energy, and the interval rules: gaps, duplicated days, spikes, and the
    /// interval total against the register.
    func evaluateIntervals(
        _ usage: inout PremiseUsage, _ outcome: inout Outcome, start: Int64, end: Int64, registerTotal: Int64?,
        draft: (ExceptionType, String, String, Int64, Int64) -> ExceptionDraft
    ) {
        var intervals = usage.hasIntervalMeter ? IntervalUsage.compute(usage, channel: .kwhDelivered, from: start, to: end, tou: nil, calendar: calendar) : nil
        if var found = intervals, found.missingSlots > 0 {
            let dates = Set(found.gaps.map(\.day)).sorted().map { LocalDate(dayNumber: $0).description }
            var gap = draft(.intervalGap, "\(found.missingSlots) of \(found.expectedSlots) intervals missing on \(dates.prefix(5).joined(separator: ", "))\(dates.count > 5 ? " and \(dates.count - 5) more days" : "")", "every interval of the period; gaps up to \(thresholds.shortGapMinutes) minutes are interpolated, longer ones filled from the profile", Int64(found.missingSlots), Int64(found.expectedSlots))
            gap.estimates = []
            if autoEstimate {
                let filled = GapFiller.fill(&usage, gaps: found.gaps, shortGapMinutes: thresholds.shortGapMinutes, calendar: calendar)
                outcome.estimatedDays += filled
                found = IntervalUsage.compute(usage, channel: .kwhDelivered, from: start, to: end, tou: nil, calendar: calendar)
                intervals = found
                if found.missingSlots == 0 {
                    gap.status = "estimated"
                    gap.resolution = "estimated by the VEE run: \(filled.count) day(s) filled by interpolation and profile"
                }
            }
            outcome.exceptions.append(gap)
        }

        // Demand against energy.
        let energy = registerTotal ?? intervals?.total ?? 0
        var demand: Int64?
        let demandRegister = RegisterUsage.compute(usage, channel: .kwDemand, from: start, to: end, calendar: calendar)
        if demandRegister.isComplete {
            demand = demandRegister.total
        } else if let intervals, intervals.presentSlots > 0 {
            demand = intervals.maxDemand
        }
        if let demand, VEERules.loadFactorExceeded(energyWh: energy, demandW: demand, seconds: end - start, thresholds: thresholds) {
            let factor = VEERules.loadFactorPercent(energyWh: energy, demandW: demand, seconds: end - start)
            outcome.exceptions.append(draft(.loadFactor, "\(Thousandths.format(energy)) kWh with a peak of \(Thousandths.format(demand)) kW over \((end - start) / 3_600) hours: load factor \(demand == 0 ? "unbounded" : "\(factor) %")", "at most \(thresholds.maxLoadFactorPercent) %: energy cannot exceed the peak demand running all period", factor, Int64(thresholds.maxLoadFactorPercent)))
        }

        guard let intervals, intervals.expectedSlots > 0 else { return }
        // Duplicated days and spikes, day by day.
        var duplicateDays: [String] = []
        var spikes: [(date: LocalDate, slot: Int, value: Int64)] = []
        for segment in usage.segments where segment.meter.kind == .interval {
            guard let days = usage.intervals[segment.meter.id]?[.kwhDelivered] else { continue }
            var date = calendar.localDate(of: max(start, segment.installedAt))
            let last = calendar.localDate(of: min(end, segment.removedAt ?? end) - 1)
            while date <= last {
                if let day = days[date.dayNumber] {
                    if VEERules.duplicatesPreviousDay(day, previous: days[date.dayNumber - 1]) { duplicateDays.append(date.description) }
                    for slot in VEERules.spikes(in: day, thresholds: thresholds) { spikes.append((date, slot, day.values[slot])) }
                }
                date = date.adding(days: 1)
            }
        }
        if !duplicateDays.isEmpty {
            outcome.exceptions.append(draft(.intervalRepeatedDay, "\(duplicateDays.count) day(s) repeat the day before exactly: \(duplicateDays.prefix(5).joined(separator: ", "))", "each day's own intervals", Int64(duplicateDays.count), 0))
        }
        if let biggest = spikes.max(by: { $0.value < $1.value }) {
            outcome.exceptions.append(draft(.intervalSpike, "\(spikes.count) interval(s) far above their day's median; the largest \(Thousandths.format(biggest.value)) kWh on \(biggest.date) (interval \(biggest.slot + 1))", "\(thresholds.spikeFactor) × the day's median and above \(Thousandths.format(thresholds.spikeMinWh)) kWh", biggest.value, thresholds.spikeMinWh))
        }
        if let registerTotal, intervals.missingSlots == 0, VEERules.intervalRegisterMismatch(intervalTotal: intervals.total, registerTotal: registerTotal, thresholds: thresholds) {
            outcome.exceptions.append(draft(.intervalRegisterMismatch, "intervals total \(Thousandths.format(intervals.total)) kWh, the register \(Thousandths.format(registerTotal)) kWh", "a tolerance of \(thresholds.intervalRegisterTolerancePermille) ‰ of the register", intervals.total, registerTotal))
        }
    }
}
