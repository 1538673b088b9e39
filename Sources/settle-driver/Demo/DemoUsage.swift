import Foundation
import SettleDomain

/// What one local day looks like: its month, whether it is a weekend, its first instant and
/// the local hour of each 15-minute slot (92 on the spring-forward day, 100 on fall-back).
struct DemoDay: Sendable {
    let date: String
    let month: Int
    let weekend: Bool
    let midnightUTC: Int64
    let slotHours: [UInt8]
}

/// The true use behind every read the demo sends: a seasonal, weekly and daily shape per rate
/// class, with deterministic noise, so register reads, interval data and history agree.
struct DemoUsage: Sendable {
    let utility: DemoUtility
    let days: [DemoDay]

    /// Readings are taken at 10:00 local time.
    static let readHour = 10

    init(utility: DemoUtility) {
        self.utility = utility
        let calendar = utility.calendar
        var days: [DemoDay] = []
        var day = calendar.serviceStartDay
        let end = calendar.month(back: -1).firstDay
        while day < end {
            let midnight = calendar.midnight(day), nextMidnight = calendar.midnight(day.adding(days: 1))
            let slots = Int((nextMidnight - midnight) / 900)
            var hours: [UInt8] = []
            hours.reserveCapacity(slots)
            for slot in 0..<slots {
                hours.append(UInt8(calendar.zone.localHour(of: midnight + Int64(slot) * 900)))
            }
            days.append(DemoDay(
                date: day.description, month: day.components.month, weekend: day.isWeekend,
                midnightUTC: midnight, slotHours: hours))
            day = day.adding(days: 1)
        }
        self.days = days
    }

    func dayIndex(_ date: String) -> Int? { days.firstIndex { $0.date == date } }

    static func seasonal(_ rateClass: String, month: Int) -> Double {
        let residential = [1.05, 0.95, 0.80, 0.80, 1.00, 1.35, 1.60, 1.65, 1.35, 0.95, 0.80, 1.00]
        let commercial = [0.90, 0.90, 0.90, 0.95, 1.05, 1.15, 1.25, 1.25, 1.15, 1.00, 0.90, 0.90]
        let lighting = [1.25, 1.15, 1.00, 0.90, 0.80, 0.75, 0.78, 0.85, 0.95, 1.05, 1.20, 1.30]
        let table = rateClass == "residential" ? residential : rateClass == "lighting" ? lighting : commercial
        return table[max(0, min(11, month - 1))]
    }

    static func hourWeight(_ rateClass: String, hour: Int) -> Double {
        switch rateClass {
        case "residential": return hour < 6 ? 0.6 : hour < 9 ? 0.9 : hour < 16 ? 0.8 : hour < 22 ? 1.6 : 1.0
        case "lighting": return hour >= 19 || hour < 7 ? 1.0 : 0.0
        case "industrial": return hour >= 7 && hour < 19 ? 1.2 : 0.9
        default: return hour >= 7 && hour < 19 ? 1.7 : 0.45
        }
    }

    /// Solar production weight by hour (a clear-sky bell from 8:00 to 18:00).
    static func solarWeight(hour: Int) -> Double {
        guard hour >= 8, hour < 18 else { return 0 }
        let x = Double(hour) - 12.5
        return max(0, 1 - x * x / 30)
    }

    /// The electric (or water, in gallons) use of one day, in Wh (or thousandths of a gallon
    /// divided by 1,000, i.e. gallons × 1,000).
    func dailyUse(_ account: DemoAccount, water: Bool, day: Int) -> Double {
        let info = days[day]
        var random = DemoRandom(seed: utility.seed, index: account.index, salt: UInt64(10_000 + day * 2 + (water ? 1 : 0)))
        let noise = 0.9 + random.unit() * 0.2
        if water {
            let season = account.rateClass == "residential" ? DemoUsage.seasonal("residential", month: info.month) * 0.5 + 0.5 : 1.0
            return account.dailyGallons * season * noise * 1_000
        }
        if account.plant == .zeroUse, day >= billedOpeningDay(account) { return 0 }
        var weekly = 1.0
        if info.weekend { weekly = account.rateClass == "residential" ? 1.08 : account.rateClass == "lighting" ? 1.0 : 0.55 }
        var use = account.dailyKWh * DemoUsage.seasonal(account.rateClass, month: info.month) * weekly * noise * 1_000
        if account.plant == .spike, day >= billedOpeningDay(account), day < billedClosingDay(account) { use *= 4 }
        return use
    }

    /// The slot-by-slot delivered and received Wh of one day (received only for solar).
    func slots(_ account: DemoAccount, day: Int) -> (delivered: [Int64], received: [Int64]) {
        let info = days[day]
        let total = dailyUse(account, water: false, day: day)
        var weights = info.slotHours.map { DemoUsage.hourWeight(account.rateClass, hour: Int($0)) }
        let sum = weights.reduce(0, +)
        if sum > 0 { weights = weights.map { $0 / sum } }
        // Real 15-minute data is never smooth: each interval varies a few percent.
        var jitter = DemoRandom(seed: utility.seed, index: account.index, salt: UInt64(500_000 + day))
        var delivered = weights.map { Int64(($0 * total * (0.95 + jitter.unit() * 0.1)).rounded()) }
        var received = [Int64](repeating: 0, count: delivered.count)
        if account.solar {
            var random = DemoRandom(seed: utility.seed, index: account.index, salt: UInt64(900_000 + day))
            let cloud = 0.35 + random.unit() * 0.65
            // The array is sized to send more than the house uses in spring and autumn and less
            // in summer and winter (about 115 % of the use in April and October on an average
            // day's clouds), so a net-metering bank fills and is drawn on over the year.
            let production = account.dailyKWh * 1.7 * (2 - DemoUsage.seasonal("lighting", month: info.month)) * cloud * 1_000
            let solar = info.slotHours.map { DemoUsage.solarWeight(hour: Int($0)) }
            let solarSum = solar.reduce(0, +)
            for slot in delivered.indices where solarSum > 0 {
                let made = Int64((solar[slot] / solarSum * production).rounded())
                let load = delivered[slot]
                delivered[slot] = max(0, load - made)
                received[slot] = max(0, made - load)
            }
        }
        if account.plant == .intervalSpike, day == billedOpeningDay(account) + 9 {
            let slot = min(delivered.count - 1, 56)
            delivered[slot] = max(delivered[slot] * 15, 4_000)
        }
        return (delivered, received)
    }

    /// The day the billed period opens for an account's cycle (its read day last month).
    func billedOpeningDay(_ account: DemoAccount) -> Int {
        dayIndex(utility.calendar.readDate(cycle: account.cycle, back: 1)) ?? 0
    }

    func billedClosingDay(_ account: DemoAccount) -> Int {
        dayIndex(utility.calendar.readDate(cycle: account.cycle, back: 0)) ?? 0
    }

    /// The first day interval data is sent for: the 1st of the month before last.
    var firstIntervalDay: Int { dayIndex("\(utility.calendar.period(back: 2))-01") ?? 0 }
}
