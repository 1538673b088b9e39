import Foundation
import SettleContracts

/// Turns the usage model into what a utility's head-end would send: monthly register reads on
/// each cycle's read day, and 15-minute interval data for the interval meters' last months.
struct DemoReads: Sendable {
    let usage: DemoUsage

    private var calendar: DemoCalendar { usage.utility.calendar }

    /// The instant of a day's read (10:00 local) and the share of the day's use before it.
    private func readSlot(_ day: Int) -> Int {
        usage.days[day].slotHours.firstIndex { Int($0) >= DemoUsage.readHour } ?? 40
    }

    private func readInstant(_ day: Int) -> Int64 {
        usage.days[day].midnightUTC + Int64(readSlot(day)) * 900
    }

    /// The read days of an account, oldest first: one a month for the history and the billed month.
    func readDays(_ account: DemoAccount) -> [Int] {
        (0...DemoCalendar.historyMonths).reversed().compactMap { usage.dayIndex(calendar.readDate(cycle: account.cycle, back: $0)) }
    }

    /// Cumulative Wh (or gallon-thousandths) at each of `instants` (day, slot), walking the days once.
    private func cumulative(_ account: DemoAccount, water: Bool, received: Bool, at reads: [Int]) -> [Double] {
        let slotBased = !water && (account.electric.isInterval || account.solar)
        var results: [Double] = []
        var total = 0.0
        var nextRead = 0
        for day in 0..<usage.days.count where nextRead < reads.count {
            let readToday = reads[nextRead] == day
            if slotBased {
                let (delivered, receivedSlots) = usage.slots(account, day: day)
                let values = received ? receivedSlots : delivered
                if readToday {
                    let cut = readSlot(day)
                    results.append(total + Double(values[..<min(cut, values.count)].reduce(0, +)))
                    nextRead += 1
                }
                total += Double(values.reduce(0, +))
            } else {
                let daily = usage.dailyUse(account, water: water, day: day)
                if readToday {
                    let hours = usage.days[day].slotHours
                    let weights = hours.map { water ? 1.0 : DemoUsage.hourWeight(account.rateClass, hour: Int($0)) }
                    let sum = weights.reduce(0, +)
                    let before = weights[..<min(readSlot(day), weights.count)].reduce(0, +)
                    results.append(total + (sum > 0 ? daily * before / sum : 0))
                    nextRead += 1
                }
                total += daily
            }
        }
        return results
    }

    /// Register units (dial counts) the meter advanced by at each read day.
    private func units(_ meter: DemoMeter, cumulative: [Double]) -> [Int64] {
        let perUnit = meter.service == "water" ? 1_000.0 : 1_000.0 * Double(meter.trueMultiplier)
        return cumulative.map { Int64(($0 / perUnit).rounded(.down)) }
    }

    /// The reading on the install day: random, except that a planted rollover starts so close
    /// to the top of the dials that the register wraps during the billed month.
    func installReading(_ account: DemoAccount, meter: DemoMeter) -> Int64 {
        guard account.plant == .rollover, meter.service == "electric" else { return meter.installReading }
        let days = readDays(account)
        let advanced = units(meter, cumulative: cumulative(account, water: false, received: false, at: days))
        guard advanced.count >= 2 else { return meter.installReading }
        let opening = advanced[advanced.count - 2]
        let closing = advanced[advanced.count - 1]
        let modulus = Int64(pow(10.0, Double(meter.dials)))
        return ((modulus - opening - (closing - opening) / 2) % modulus + modulus) % modulus
    }

    /// Every register read of an account's meters, with the planted problems applied.
    func registerReads(_ account: DemoAccount) -> [Settle_Metering_V1_RegisterRead] {
        var reads: [Settle_Metering_V1_RegisterRead] = []
        let days = readDays(account)
        var meters: [(DemoMeter, Settle_Metering_V1_Channel, Bool, Bool)] = [(account.electric, .kwhDelivered, false, false)]
        if account.solar { meters.append((account.electric, .kwhReceived, false, true)) }
        if let water = account.water { meters.append((water, .gallons, true, false)) }
        for (meter, channel, water, received) in meters {
            let modulus = Int64(pow(10.0, Double(meter.dials)))
            let start = received ? 0 : installReading(account, meter: meter)
            let advanced = units(meter, cumulative: cumulative(account, water: water, received: received, at: days))
            for (position, day) in days.enumerated() {
                let billedRead = position == days.count - 1
                if billedRead, account.plant == .missingRead, !water { continue }
                var read = Settle_Metering_V1_RegisterRead()
                read.meterSerial = meter.serial
                read.channel = channel
                read.readAtUtc = readInstant(day)
                read.value = (start + advanced[position]) % modulus
                read.kind = .actual
                reads.append(read)
            }
        }
        return reads
    }

    /// For a planted vacant-use account: the move-out date (mid billed period) and the final reads on it.
    func moveOut(_ account: DemoAccount) -> (date: String, reads: [Settle_Metering_V1_RegisterRead])? {
        guard account.plant == .vacantUse else { return nil }
        let opening = usage.billedOpeningDay(account)
        let closing = usage.billedClosingDay(account)
        let day = opening + (closing - opening) / 2
        let days = readDays(account).filter { $0 < day } + [day]
        var reads: [Settle_Metering_V1_RegisterRead] = []
        var meters: [(DemoMeter, Settle_Metering_V1_Channel, Bool)] = [(account.electric, .kwhDelivered, false)]
        if let water = account.water { meters.append((water, .gallons, true)) }
        for (meter, channel, water) in meters {
            let modulus = Int64(pow(10.0, Double(meter.dials)))
            let advanced = units(meter, cumulative: cumulative(account, water: water, received: false, at: days))
            guard let last = advanced.last else { continue }
            var read = Settle_Metering_V1_RegisterRead()
            read.meterSerial = meter.serial
            read.channel = channel
            read.readAtUtc = readInstant(day)
            read.value = (installReading(account, meter: meter) + last) % modulus
            read.kind = .final
            reads.append(read)
        }
        return (usage.days[day].date, reads)
    }

    /// One day's interval blocks of an interval meter (delivered, and received for solar).
    func intervalBlocks(_ account: DemoAccount, day: Int) -> [Settle_Metering_V1_IntervalBlock] {
        let (delivered, received) = usage.slots(account, day: day)
        var blocks: [Settle_Metering_V1_IntervalBlock] = []
        var block = Settle_Metering_V1_IntervalBlock()
        block.meterSerial = account.electric.serial
        block.channel = .kwhDelivered
        block.startUtc = usage.days[day].midnightUTC
        block.intervalMinutes = 15
        block.values = delivered
        blocks.append(block)
        if account.solar {
            block.channel = .kwhReceived
            block.values = received
            blocks.append(block)
        }
        return blocks
    }
}
