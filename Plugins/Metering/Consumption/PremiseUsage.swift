import SettleContracts
import Foundation
import GRDB
import SettleDomain

/// Everything stored about one premise and service over a window: the meters that served
/// it (one segment per install), their register reads and, when asked, their interval days.
///
/// Consumption and VEE are computed from this snapshot in memory, so a cycle of thousands
/// of agreements costs a few indexed queries each rather than a query per rule.
struct PremiseUsage: Sendable {
    /// One meter's time at the premise.
    struct Segment: Sendable {
        let meter: MeterRecord
        let install: InstallRecord
        /// Start of the install day (UTC seconds).
        let installedAt: Int64
        /// Start of the removal day, nil while installed.
        let removedAt: Int64?
    }

    let premiseID: String
    let serviceType: ServiceType
    var segments: [Segment]
    /// Reads by meter id, oldest first, every channel.
    var reads: [Int64: [RegisterReadRecord]]
    /// Interval days by meter id, channel and day number.
    var intervals: [Int64: [MeterChannel: [Int: IntervalDay]]]

    func reads(of meterID: Int64, channel: MeterChannel) -> [RegisterReadRecord] {
        (reads[meterID] ?? []).filter { $0.channel == channel }
    }

    func read(of meterID: Int64, channel: MeterChannel, at instant: Int64) -> RegisterReadRecord? {
        reads[meterID]?.first { $0.channel == channel && $0.readAt == instant }
    }

    /// Reads that can bound a billing period (not install or removal reads), of every meter,
    /// on the service's main channel, oldest first.
    var billingReads: [(meter: MeterRecord, read: RegisterReadRecord)] {
        var result: [(MeterRecord, RegisterReadRecord)] = []
        for segment in segments {
            let channel = serviceType.primaryChannel
            for read in reads[segment.meter.id] ?? [] where read.channel == channel && read.kind.isBillingRead {
                result.append((segment.meter, read))
            }
        }
        return result.sorted { $0.1.readAt < $1.1.readAt }
    }

    func segment(at instant: Int64) -> Segment? {
        segments.last { $0.installedAt <= instant && ($0.removedAt.map { instant <= $0 } ?? true) }
    }

    var hasIntervalMeter: Bool { segments.contains { $0.meter.kind == .interval } }

    /// Loads the premise's meters installed at some point in `[from, to]` with their reads in
    /// that window, and interval days in `[intervalFrom, intervalTo]` when given.
    static func load(
        premiseID: String, serviceType: ServiceType, from: LocalDate, to: LocalDate,
        intervalsFrom: LocalDate? = nil, intervalsTo: LocalDate? = nil,
        in db: Database, calendar: ZoneCalendar
    ) throws -> PremiseUsage {
        let installs = try serviceType.meteredBy.map {
            try MeterRepository.installedMeters(premiseID: premiseID, serviceType: $0, from: from, to: to, in: db)
        } ?? []
        return try assemble(
            premiseID: premiseID, serviceType: serviceType, installs: installs, from: from, to: to,
            intervalsFrom: intervalsFrom, intervalsTo: intervalsTo, in: db, calendar: calendar
        ) { meterID, windowStart, windowEnd in
            try MeterRepository.reads(meterID: meterID, from: windowStart, to: windowEnd, in: db)
        }
    }

    /// A premise's usage from its installs over `[from, to]`: one segment per install, each
    /// meter's reads in the window (from `reads`, given the meter and the window's instants),
    /// and interval days in `[intervalsFrom, intervalsTo]` when given.
    static func assemble(
        premiseID: String, serviceType: ServiceType, installs: [(install: InstallRecord, meter: MeterRecord)], from: LocalDate, to: LocalDate,
        intervalsFrom: LocalDate?, intervalsTo: LocalDate?, in db: Database, calendar: ZoneCalendar,
        reads readsOf: (_ meterID: Int64, _ windowStart: Int64, _ windowEnd: Int64) throws -> [RegisterReadRecord]
    ) throws -> PremiseUsage {
        var segments: [Segment] = []
        var reads: [Int64: [RegisterReadRecord]] = [:]
        var intervals: [Int64: [MeterChannel: [Int: IntervalDay]]] = [:]
        let windowStart = calendar.startOfDay(from)
        let windowEnd = calendar.startOfDay(to.adding(days: 1))
        for (install, meter) in installs {
            segments.append(Segment(
                meter: meter, install: install, installedAt: calendar.startOfDay(install.installedOn),
                removedAt: install.removedOn.map(calendar.startOfDay)))
            if reads[meter.id] == nil {
                reads[meter.id] = try readsOf(meter.id, windowStart, windowEnd)
            }
            if meter.kind == .interval, let intervalsFrom, let intervalsTo, intervals[meter.id] == nil {
                var byChannel: [MeterChannel: [Int: IntervalDay]] = [:]
                for channel in meter.channels where channel != .kwDemand {
                    byChannel[channel] = try IntervalStore.days(meterID: meter.id, channel: channel, from: intervalsFrom, to: intervalsTo, in: db)
                }
                intervals[meter.id] = byChannel
            }
        }
        return PremiseUsage(premiseID: premiseID, serviceType: serviceType, segments: segments, reads: reads, intervals: intervals)
    }
}
