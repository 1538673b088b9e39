/// Consumption of one channel between two instants from register reads, across exchanges.
///
/// The period is split into meter segments: each meter that served the premise in it counts
/// from the later of the period start and its install to the earlier of the period end and
/// its removal, using its reads at exactly those instants (the billing read, or its install
/// or removal read). Cumulative channels give ((end − start) mod 10^dials) × multiplier; a
/// fall after an estimated start read is a true-up (negative), not a rollover. Demand
/// channels give the largest end-of-segment reading (thousandths of a kW) × multiplier.
import SettleDomain

struct RegisterUsage: Sendable {
    struct Segment: Sendable {
        let meter: MeterRecord
        let from: Int64
        let to: Int64
        let start: RegisterReadRecord?
        let end: RegisterReadRecord
        /// Thousandths of the unit (negative only for a true-up).
        let consumption: Int64
        let rolledOver: Bool
        let trueUp: Bool
    }

    let channel: MeterChannel
    var segments: [Segment] = []
    /// Why some part of the period could not be computed (a missing read), one line each.
    var problems: [String] = []

    /// Sum of the segments (cumulative channels) or the peak (demand).
    var total: Int64 {
        channel.isCumulative ? segments.reduce(0) { $0 + $1.consumption } : segments.map(\.consumption).max() ?? 0
    }

    var estimated: Bool { segments.contains { $0.start?.kind == .estimated || $0.end.kind == .estimated } }
    var isComplete: Bool { problems.isEmpty && !segments.isEmpty }

    static func compute(_ usage: PremiseUsage, channel: MeterChannel, from: Int64, to: Int64, calendar: ZoneCalendar) -> RegisterUsage {
        var result = RegisterUsage(channel: channel)
        for segment in usage.segments where segment.meter.channels.contains(channel) {
            let start = max(from, segment.installedAt)
            let end = min(to, segment.removedAt ?? Int64.max)
            guard start < end else { continue }
            let meter = segment.meter
            guard let endRead = usage.read(of: meter.id, channel: channel, at: end) else {
                result.problems.append("no \(channel.name) read of meter \(meter.serial) at \(describe(end, calendar))")
                continue
            }
            if !channel.isCumulative {
                let demand = DemandReading.watts(readingThousandths: endRead.value, multiplierMicros: meter.multiplierMicros)
                result.segments.append(Segment(meter: meter, from: start, to: end, start: nil, end: endRead, consumption: demand, rolledOver: false, trueUp: false))
                continue
            }
            guard let startRead = usage.read(of: meter.id, channel: channel, at: start) else {
                result.problems.append("no \(channel.name) read of meter \(meter.serial) at \(describe(start, calendar))")
                continue
            }
            result.segments.append(segmentUsage(meter: meter, from: start, to: end, start: startRead, end: endRead))
        }
        if result.segments.isEmpty, result.problems.isEmpty {
            result.problems.append("no meter with a \(channel.name) channel served premise \(usage.premiseID) between \(describe(from, calendar)) and \(describe(to, calendar))")
        }
        return result
    }

    static func segmentUsage(meter: MeterRecord, from: Int64, to: Int64, start: RegisterReadRecord, end: RegisterReadRecord) -> Segment {
        let raw = end.value - start.value
        let modulus = RegisterMath.modulus(dials: meter.dials)
        if raw < 0, start.kind == .estimated, -raw < modulus / 2 {
            let credit = RegisterMath.thousandths(registerUnits: raw, multiplierMicros: meter.multiplierMicros)
            return Segment(meter: meter, from: from, to: to, start: start, end: end, consumption: credit, rolledOver: false, trueUp: true)
        }
        let (consumption, rolled) = RegisterMath.consumption(previous: start.value, current: end.value, dials: meter.dials, multiplierMicros: meter.multiplierMicros)
        return Segment(meter: meter, from: from, to: to, start: start, end: end, consumption: consumption, rolledOver: rolled, trueUp: false)
    }

    static func describe(_ instant: Int64, _ calendar: ZoneCalendar) -> String {
        let date = calendar.localDate(of: instant)
        return calendar.startOfDay(date) == instant ? date.description : Timestamps.format(instant)
    }
}
