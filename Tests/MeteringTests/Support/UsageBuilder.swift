import SettleContracts
import Foundation
@testable import SettleMetering
import SettleDomain

/// Builds a premise's usage in memory: meters, installs and reads on the cycle's read dates.
struct UsageBuilder {
    let calendar = ZoneCalendar(timeZone: TimeZone(identifier: "America/Chicago") ?? .current)
    let schedule = ReadSchedule(cycle: 5)
    var serviceType: ServiceType = .electric
    var segments: [PremiseUsage.Segment] = []
    var reads: [Int64: [RegisterReadRecord]] = [:]
    var intervals: [Int64: [MeterChannel: [Int: IntervalDay]]] = [:]

    /// Adds a meter installed (and optionally removed) at the premise, with its install read.
    @discardableResult
    mutating func meter(
        _ id: Int64, dials: Int = 5, multiplier: Int64 = 1_000_000, installed: String, removed: String? = nil, installRead: Int64 = 0,
        kind: MeterKind = .register, channels: [MeterChannel] = [.kwhDelivered]
    ) -> MeterRecord {
        let meter = MeterRecord(
            id: id, serial: "M\(id)", serviceType: serviceType, kind: kind, dials: dials, multiplierMicros: multiplier,
            channels: ChannelSet(channels), form: "2S", serviceAmps: 200, intervalMinutes: kind == .interval ? 15 : 0, status: .active)
        let installedOn = LocalDate(installed) ?? LocalDate(dayNumber: 0)
        let removedOn = removed.flatMap { LocalDate($0) }
        segments.append(PremiseUsage.Segment(
            meter: meter, install: InstallRecord(id: id, meterID: id, premiseID: "P1", serviceType: serviceType, installedOn: installedOn, removedOn: removedOn),
            installedAt: calendar.startOfDay(installedOn), removedAt: removedOn.map(calendar.startOfDay)))
        read(id, on: installed, installRead, kind: .install)
        return meter
    }

    mutating func read(_ meterID: Int64, on date: String, _ value: Int64, kind: ReadKind = .actual, channel: MeterChannel = .kwhDelivered) {
        guard let day = LocalDate(date) else { return }
        reads[meterID, default: []].append(RegisterReadRecord(meterID: meterID, channel: channel, readAt: calendar.startOfDay(day), value: value, kind: kind))
        reads[meterID]?.sort { $0.readAt < $1.readAt }
    }

    /// Monthly reads on the schedule's dates for `months` periods ending at `last`, at `perDay` kWh a day.
    mutating func history(_ meterID: Int64, through last: YearMonth, months: Int, perDay: Int64, start: Int64 = 1_000, dials: Int = 5) {
        var value = start
        var previous = schedule.readDate(last.adding(months: -months))
        read(meterID, on: previous.description, value)
        for back in stride(from: months - 1, through: 0, by: -1) {
            let date = schedule.readDate(last.adding(months: -back))
            value = (value + perDay * Int64(date - previous)) % RegisterMath.modulus(dials: dials)
            read(meterID, on: date.description, value)
            previous = date
        }
    }

    func removeRead(_ meterID: Int64, on date: String) -> UsageBuilder {
        var copy = self
        let instant = calendar.startOfDay(LocalDate(date) ?? LocalDate(dayNumber: 0))
        copy.reads[meterID]?.removeAll { $0.readAt == instant }
        return copy
    }

    var usage: PremiseUsage {
        PremiseUsage(premiseID: "P1", serviceType: serviceType, segments: segments, reads: reads, intervals: intervals)
    }

    func evaluate(
        period: YearMonth, agreement: Agreement? = nil, thresholds: VEEThresholds = .builtIn, autoEstimate: Bool = false, previousEnd: Int64? = nil
    ) -> AgreementEvaluator.Outcome {
        let chosen = agreement ?? Agreement(id: 1, accountNumber: "100001", premiseID: "P1", serviceType: serviceType, rateClass: "residential", startDate: LocalDate("2020-01-01") ?? LocalDate(dayNumber: 0), cycle: 5)
        return AgreementEvaluator(agreement: chosen, thresholds: thresholds, schedule: schedule, period: period, calendar: calendar, autoEstimate: autoEstimate)
            .evaluate(usage, previousEnd: previousEnd)
    }
}
