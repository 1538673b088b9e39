/// What a period's interval data says: energy, peak demand, TOU split, gaps and estimates.
///
/// Slots are walked in UTC from the period start to its end within each meter segment;
/// each slot's local day, month and hour (which shift on DST days) choose its TOU period.
/// Demand is the slot's energy over its length: a 15-minute Wh value × 4 is its average W.
import SettleDomain

struct IntervalUsage: Sendable {
    var total: Int64 = 0
    var maxDemand: Int64 = 0
    var touTotals: [Int64] = []
    /// Maximum demand (W) per period of a demand TOU schedule, when one was given.
    var touMaxDemand: [Int64] = []
    var expectedSlots = 0
    var presentSlots = 0
    var estimatedSlots = 0
    /// Missing slots by meter, day and slot, for gap reports and estimation.
    var gaps: [(meterID: Int64, day: Int, slot: Int)] = []

    var missingSlots: Int { expectedSlots - presentSlots }
    var isComplete: Bool { expectedSlots > 0 && missingSlots == 0 }

    static func compute(
        _ usage: PremiseUsage, channel: MeterChannel, from: Int64, to: Int64, tou: TOUSchedule?, demandTou: TOUSchedule? = nil, calendar: ZoneCalendar
    ) -> IntervalUsage {
        var result = IntervalUsage()
        if let tou { result.touTotals = Array(repeating: 0, count: tou.periodCount) }
        if let demandTou { result.touMaxDemand = Array(repeating: 0, count: demandTou.periodCount) }
        for segment in usage.segments where segment.meter.kind == .interval && segment.meter.channels.contains(channel) {
            let meter = segment.meter
            let start = max(from, segment.installedAt)
            let end = min(to, segment.removedAt ?? Int64.max)
            guard start < end else { continue }
            let step = Int64(meter.intervalMinutes * 60)
            let days = usage.intervals[meter.id]?[channel] ?? [:]
            var date = calendar.localDate(of: start)
            let lastDate = calendar.localDate(of: end - 1)
            while date <= lastDate {
                let dayStart = calendar.startOfDay(date)
                let dayEnd = calendar.startOfDay(date.adding(days: 1))
                let slots = Int((dayEnd - dayStart) / step)
                // Everything the slot loop reads is bound once per day: binding an optional
                // day or TOU row inside the loop copies (retains and releases) it per slot.
                let day = days[date.dayNumber]
                let values = day?.values ?? []
                let available = day?.slots ?? 0
                let present = day?.present ?? SlotMask()
                let estimated = day?.estimated ?? SlotMask()
                let row = tou.map { Array($0.row(for: date)) } ?? []
                let demandRow = demandTou.map { Array($0.row(for: date)) } ?? []
                let byPeriod = !row.isEmpty || !demandRow.isEmpty
                let regularDay = dayEnd - dayStart == 86_400
                let baseOffset = calendar.offset(at: dayStart)
                let localMidnight = Int64(date.dayNumber) * 86_400
                for slot in 0..<slots {
                    let instant = dayStart + Int64(slot) * step
                    guard instant >= start, instant < end else { continue }
                    result.expectedSlots += 1
                    guard slot < available, present[slot] else {
                        result.gaps.append((meter.id, date.dayNumber, slot))
                        continue
                    }
                    let value = values[slot]
                    result.presentSlots += 1
                    if estimated[slot] { result.estimatedSlots += 1 }
                    result.total += value
                    let demand = value * 60 / Int64(meter.intervalMinutes)
                    result.maxDemand = max(result.maxDemand, demand)
                    if byPeriod {
                        let hour = regularDay ? Int((instant + baseOffset - localMidnight) / 3_600) : calendar.localHour(of: instant)
                        let clamped = min(max(hour, 0), 23)
                        if !row.isEmpty { result.touTotals[row[clamped]] += value }
                        if !demandRow.isEmpty {
                            let period = demandRow[clamped]
                            result.touMaxDemand[period] = max(result.touMaxDemand[period], demand)
                        }
                    }
                }
                date = date.adding(days: 1)
            }
        }
        return result
    }
}
