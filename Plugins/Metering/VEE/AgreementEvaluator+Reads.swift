import SettleContracts
import SettleDomain

/// Finding a period's reads, and the estimates offered when its closing read is missing.
extension AgreementEvaluator {
    /// Estimate options for the closing read: same period last year scaled by days, then the
    /// recent average daily use × days; each as the reading it gives on the meter in service.
    func estimateOptions(usage: PremiseUsage, start: (meter: MeterRecord, read: RegisterReadRecord), closeDate: LocalDate, days: Int, history: UsageHistory) -> [Settle_Metering_V1_EstimateOption] {
        let closeInstant = calendar.startOfDay(closeDate)
        guard let segment = usage.segment(at: closeInstant) ?? usage.segments.last else { return [] }
        let meter = segment.meter
        let channel = usage.serviceType.primaryChannel
        // The closing meter's own opening read: the period's, or its install read if it came later.
        let opening: RegisterReadRecord? = segment.installedAt > start.read.readAt
            ? usage.read(of: meter.id, channel: channel, at: segment.installedAt) : (start.meter.id == meter.id ? start.read : nil)
        guard let opening else { return [] }
        let meterDays = max(1, closeDate - calendar.localDate(of: opening.readAt))
        var options: [Settle_Metering_V1_EstimateOption] = []
        func option(_ method: String, _ total: Int64?, basis: String) {
            guard let total else { return }
            let share = Ratio.scale(total, by: Int64(meterDays), dividedBy: Int64(max(days, 1)))
            var proto = Settle_Metering_V1_EstimateOption()
            proto.method = method
            proto.consumption = total
            let units = RegisterMath.registerUnits(thousandths: share, multiplierMicros: meter.multiplierMicros)
            let modulus = RegisterMath.modulus(dials: meter.dials)
            proto.registerValue = ((opening.value + units) % modulus + modulus) % modulus
            proto.basis = basis
            options.append(proto)
        }
        let unit = channel.unit
        if let lastYear = history.lastYear {
            option("last_year", Estimator.lastYear(lastYear, days: days), basis: "\(Thousandths.format(lastYear.consumption)) \(unit) over \(lastYear.days) days last year, scaled to \(days) days")
        }
        let recent = history.recent
        if !recent.isEmpty {
            let total = recent.reduce(0) { $0 + $1.consumption }
            let recentDays = recent.reduce(0) { $0 + $1.days }
            option("average_daily", Estimator.averageDaily(recent, days: days), basis: "\(Thousandths.format(total)) \(unit) over the last \(recentDays) days, × \(days) days")
        }
        return options
    }

    /// The read on `date` (latest that day) of any meter at the premise, on the main channel.
    func latestRead(on date: LocalDate, in usage: PremiseUsage, includingInstall: Bool) -> (meter: MeterRecord, read: RegisterReadRecord)? {
        let channel = usage.serviceType.primaryChannel
        var best: (meter: MeterRecord, read: RegisterReadRecord)?
        for segment in usage.segments {
            for read in usage.reads[segment.meter.id] ?? [] where read.channel == channel && calendar.localDate(of: read.readAt) == date {
                guard read.kind.isBillingRead || (includingInstall && read.kind == .install) || (!includingInstall && read.kind == .removal) else { continue }
                if let current = best, current.read.readAt >= read.readAt, current.read.kind != .removal { continue }
                best = (segment.meter, read)
            }
        }
        return best
    }

    /// The billing read closest to `date` within ±`within` days (after `after`); ties go to the later read.
    func closestBillingRead(to date: LocalDate, within: Int, in usage: PremiseUsage, after: Int64?) -> (meter: MeterRecord, read: RegisterReadRecord)? {
        var best: (distance: Int, meter: MeterRecord, read: RegisterReadRecord)?
        for (meter, read) in usage.billingReads where after.map({ read.readAt > $0 }) ?? true {
            let distance = abs(calendar.localDate(of: read.readAt) - date)
            guard distance <= within else { continue }
            if let current = best, current.distance < distance { continue }
            best = (distance, meter, read)
        }
        return best.map { ($0.meter, $0.read) }
    }
}
