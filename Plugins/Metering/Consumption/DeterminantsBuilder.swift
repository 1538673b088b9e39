import SettleContracts
import SettleDomain

/// Turns a premise's usage between two read instants into the billing determinants Rating
/// prices: energy, received energy, peak demand, kvarh, gallons, and energy per TOU period.
///
/// Register reads are the billing quantity; interval data supplies the TOU split and the
/// 15-minute peak, and stands in for energy only where no register read closes the period.
enum DeterminantsBuilder {
    static func build(usage: PremiseUsage, from: Int64, to: Int64, tou: TOUSchedule?, demandTou: TOUSchedule? = nil, calendar: ZoneCalendar) -> Settle_Metering_V1_BillingDeterminants {
        var result = Settle_Metering_V1_BillingDeterminants()
        result.premiseID = usage.premiseID
        result.serviceType = usage.serviceType.rawValue
        let startDate = calendar.localDate(of: from)
        let endDate = calendar.localDate(of: to)
        result.periodStart = startDate.description
        result.periodEnd = endDate.description
        result.days = UInt32(max(0, endDate - startDate))
        var problems: [String] = []
        var estimated = false

        func register(_ channel: MeterChannel) -> RegisterUsage? {
            guard usage.segments.contains(where: { $0.meter.channels.contains(channel) }) else { return nil }
            let computed = RegisterUsage.compute(usage, channel: channel, from: from, to: to, calendar: calendar)
            estimated = estimated || computed.estimated
            result.segments += computed.segments.map { segmentProto($0, channel: channel, calendar: calendar) }
            return computed
        }

        let primary = usage.serviceType.primaryChannel
        let main = register(primary)
        if usage.serviceType == .electric {
            let intervals = usage.hasIntervalMeter
                ? IntervalUsage.compute(usage, channel: .kwhDelivered, from: from, to: to, tou: tou, demandTou: demandTou, calendar: calendar) : nil
            if let main, main.isComplete {
                result.deliveredWh = main.total
            } else if let intervals, intervals.isComplete {
                result.deliveredWh = intervals.total
            } else {
                problems += main?.problems ?? ["no meter measures kwh_delivered at premise \(usage.premiseID)"]
            }
            if let intervals {
                result.usesIntervals = intervals.expectedSlots > 0
                estimated = estimated || intervals.estimatedSlots > 0
                if intervals.isComplete {
                    result.touWh = intervals.touTotals
                    result.touMaxDemandW = intervals.touMaxDemand
                } else if intervals.expectedSlots > 0 {
                    problems.append("interval data lacks \(intervals.missingSlots) of \(intervals.expectedSlots) intervals; TOU energy and interval demand wait for VEE to fill them")
                }
                result.maxDemandW = intervals.maxDemand
            }
            if let demand = register(.kwDemand), demand.isComplete {
                result.maxDemandW = max(result.maxDemandW, demand.total)
            }
            if let received = register(.kwhReceived) {
                if received.isComplete {
                    result.receivedWh = received.total
                } else if usage.hasIntervalMeter {
                    let receivedIntervals = IntervalUsage.compute(usage, channel: .kwhReceived, from: from, to: to, tou: nil, calendar: calendar)
                    if receivedIntervals.isComplete { result.receivedWh = receivedIntervals.total } else { problems += received.problems }
                } else {
                    problems += received.problems
                }
            }
            if tou != nil, usage.hasIntervalMeter {
                let receivedByPeriod = IntervalUsage.compute(usage, channel: .kwhReceived, from: from, to: to, tou: tou, calendar: calendar)
                if receivedByPeriod.isComplete { result.touReceivedWh = receivedByPeriod.touTotals }
            }
            if let kvarh = register(.kvarh), kvarh.isComplete { result.kvarhVarh = kvarh.total }
        } else if usage.serviceType.meteredBy == nil {
            // Unmetered (solid waste): the period and its days are the determinants.
        } else if let main {
            if main.isComplete { result.gallonsThousandths = main.total } else { problems += main.problems }
        } else {
            problems.append("no meter measures gallons at premise \(usage.premiseID)")
        }
        result.estimated = estimated
        result.problem = problems.joined(separator: "; ")
        return result
    }

    static func segmentProto(_ segment: RegisterUsage.Segment, channel: MeterChannel, calendar: ZoneCalendar) -> Settle_Metering_V1_MeterSegment {
        var proto = Settle_Metering_V1_MeterSegment()
        proto.meterSerial = segment.meter.serial
        proto.fromDate = calendar.localDate(of: segment.from).description
        proto.toDate = calendar.localDate(of: segment.to).description
        proto.channel = channel.proto
        proto.startRead = (segment.start?.value ?? 0) / channel.readingScale
        proto.endRead = segment.end.value / channel.readingScale
        proto.startKind = segment.start?.kind.proto ?? .unspecified
        proto.endKind = segment.end.kind.proto
        proto.dials = UInt32(segment.meter.dials)
        proto.multiplier = Micros.format(segment.meter.multiplierMicros)
        proto.consumption = segment.consumption
        proto.rolledOver = segment.rolledOver
        proto.trueUp = segment.trueUp
        return proto
    }

    /// The instant a period opens or closes on a date: the latest read of the service's main
    /// channel taken that day by a meter of the premise (a removal read only when no other
    /// read was taken), else the start of the day.
    static func boundary(on date: LocalDate, usage: PremiseUsage, calendar: ZoneCalendar) -> Int64 {
        let channel = usage.serviceType.primaryChannel
        var best: (instant: Int64, removal: Bool)?
        for segment in usage.segments {
            for read in usage.reads[segment.meter.id] ?? [] where read.channel == channel && calendar.localDate(of: read.readAt) == date {
                let removal = read.kind == .removal
                if let current = best {
                    if (current.removal && !removal) || (current.removal == removal && read.readAt > current.instant) {
                        best = (read.readAt, removal)
                    }
                } else {
                    best = (read.readAt, removal)
                }
            }
        }
        return best?.instant ?? calendar.startOfDay(date)
    }
}
