import GRDB
import SettleContracts
import SettleDomain

/// Coincident demand of a group of meters (a totalized account): each meter's delivered
/// interval values as 15-minute demand, summed per interval, and the maximum of the sum,
/// beside each meter's own maximum. A 30- or 60-minute interval counts its average demand in
/// each 15-minute interval it covers. The coincident figure is never above the sum of the
/// meters' own maximums (each interval's sum is at most that).
enum CoincidentDemand {
    /// One group's figures, or the problem that stops them.
    static func compute(_ group: Settle_Metering_V1_CoincidentGroup, calendar: ZoneCalendar, in db: Database) throws -> Settle_Metering_V1_CoincidentDemand {
        var result = Settle_Metering_V1_CoincidentDemand()
        result.id = group.id
        var sums: [Int64: Int64] = [:]
        var problems: [String] = []
        for meter in group.meters {
            guard let from = LocalDate(meter.fromDate), let to = LocalDate(meter.toDate), to > from else {
                problems.append("meter \(meter.meterSerial): the dates '\(meter.fromDate)'–'\(meter.toDate)' are not a period")
                continue
            }
            guard let record = try MeterRepository.meter(serial: meter.meterSerial, in: db) else {
                problems.append("meter \(meter.meterSerial) does not exist")
                continue
            }
            let days = try IntervalStore.days(meterID: record.id, channel: .kwhDelivered, from: from, to: to.adding(days: -1), in: db)
            guard !days.isEmpty else {
                problems.append("meter \(meter.meterSerial) has no interval data from \(from) to \(to)")
                continue
            }
            var peak = Settle_Metering_V1_MeterPeak()
            peak.meterSerial = meter.meterSerial
            var seen = false
            for dayNumber in days.keys.sorted() {
                guard let day = days[dayNumber], day.minutes > 0 else { continue }
                let midnight = calendar.startOfDay(LocalDate(dayNumber: dayNumber))
                let quarters = max(1, day.minutes / 15)
                for slot in 0..<day.slots where day.present[slot] {
                    // Wh in the interval → average W over it.
                    let watts = day.values[slot] * 60 / Int64(day.minutes)
                    let start = midnight + Int64(slot * day.minutes * 60)
                    if !seen || watts > peak.maxDemandW {
                        peak.maxDemandW = watts
                        peak.intervalStartUtc = start
                        seen = true
                    }
                    for quarter in 0..<quarters { sums[start + Int64(quarter * 900), default: 0] += watts }
                }
            }
            result.nonCoincidentDemandW += peak.maxDemandW
            result.meters.append(peak)
        }
        if !problems.isEmpty {
            result.problem = problems.joined(separator: "; ")
            return result
        }
        for (start, watts) in sums where watts > result.coincidentDemandW || (watts == result.coincidentDemandW && start < result.intervalStartUtc) {
            result.coincidentDemandW = watts
            result.intervalStartUtc = start
        }
        return result
    }
}
