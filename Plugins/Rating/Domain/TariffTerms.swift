import SettleContracts
import SettleDomain

/// A tariff version parsed into exact numbers, ready to rate with.
///
/// The stored form is the `TariffVersion` message (tariffs are data); this is what the
/// engine reads. Parsing checks every field and names the one that is wrong, so a version
/// that parses can always be rated.
struct TariffTerms: Sendable {
    let code: String
    let version: UInt32
    let effectiveFrom: LocalDate
    let rounding: Rounding
    let prorateByDays: Bool
    let standardDays: Int
    let customerCharge: Fixed?
    let energy: Schedule?
    let demand: Demand?
    let riders: [Rider]
    let taxes: [Tax]
    let minimumBill: Fixed?
    let water: Volume?
    let wastewater: Volume?

    var label: String { "\(code)@\(version)" }

    /// A fixed amount in millionths of a dollar, per month or per day.
    struct Fixed: Sendable {
        let amountMicros: Int64
        let perDay: Bool
    }

    /// A block: upper limit (millionths of the unit, nil = none), rate and sell rate ($ millionths).
    struct Block: Sendable {
        let maxMicros: Int64?
        let rateMicros: Int64
        let sellMicros: Int64?
        let daily: Bool
    }

    struct Period: Sendable {
        let name: String
        let blocks: [Block]
    }

    /// Periods chosen by month and hour (weekday and weekend/holiday tables), like URDB.
    struct Schedule: Sendable {
        let periods: [Period]
        let weekday: [Int]
        let weekend: [Int]
        let holidays: Set<LocalDate>

        /// The period of an hour (0–23) of a day.
        func period(on day: LocalDate, hour: Int) -> Int {
            let month = day.components.month - 1
            let table = day.isWeekend || holidays.contains(day) ? weekend : weekday
            return table.isEmpty ? 0 : table[month * 24 + hour]
        }

        /// Whether the period depends only on the month (flat or seasonal, no time of use).
        var monthly: Bool {
            guard !weekday.isEmpty else { return true }
            for month in 0..<12 {
                let first = weekday[month * 24]
                for hour in 0..<24 where weekday[month * 24 + hour] != first || weekend[month * 24 + hour] != first { return false }
            }
            return true
        }

        /// The period of a whole day under a month-only schedule.
        func monthlyPeriod(on day: LocalDate) -> Int {
            weekday.isEmpty ? 0 : weekday[(day.components.month - 1) * 24]
        }
    }

    struct Demand: Sendable {
        let multiplierMicros: Int64
        let flatPeriods: [Period]
        let flatMonths: [Int]
        let touPeriods: [Period]
        let touWeekday: [Int]
        let touWeekend: [Int]
        let ratchetPercentMicros: Int64?
        let ratchetMonths: Int
        let ratchetFromMonths: Set<Int>
        let minimumW: Int64?
        let powerFactorTargetMicros: Int64?

        func flatPeriod(month: Int) -> Int { flatMonths.isEmpty ? 0 : flatMonths[month - 1] }
    }

    struct RiderValue: Sendable {
        let from: LocalDate
        let rateMicros: Int64
    }

    struct Rider: Sendable {
        let name: String
        let perKWh: Bool
        let values: [RiderValue]
        /// A solar credit never takes the bill below the customer charge plus these riders.
        var nonBypassable = false

        /// The value in force on a day (nil before the first).
        func value(on day: LocalDate) -> RiderValue? { values.last { $0.from <= day } }
    }

    struct Tax: Sendable {
        let name: String
        let taxType: String
        let percentMicros: Int64
        let appliesTo: Set<String>
    }

    struct Volume: Sendable {
        let base: [String: Int64]
        let blocks: [Block]
    }
}
