import Foundation
import SettleDomain

/// The demo's dates: the billed period, the 13 months of history before it, each cycle's read
/// day, and the local-time arithmetic (America/Chicago by default, with its DST days).
struct DemoCalendar: Sendable {
    let timeZone: TimeZone
    let calendar: Calendar
    /// The billed month, e.g. 2026-10.
    let year: Int
    let month: Int
    /// History months before the billed one (13: VEE compares with the same month last year).
    static let historyMonths = 13
    /// Months before the billed one that the programs' cycle (`DemoUtility.programsCycle`) is
    /// billed for too, so solar banks carry across months to a true-up and budget plans reach
    /// their settle-up month. Each needs its opening read, so at most `historyMonths` − 1.
    static let programMonths = 12

    init(period: String, timeZone: TimeZone) throws {
        guard let billed = YearMonth(period), (2000...2100).contains(billed.year) else {
            throw DriverError("--period must be YYYY-MM, not '\(period)'")
        }
        year = billed.year
        month = billed.month
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// The month `back` months before the billed one, as (year, month).
    func month(back: Int) -> (year: Int, month: Int) {
        let total = year * 12 + (month - 1) - back
        return (total / 12, total % 12 + 1)
    }

    func period(back: Int) -> String {
        YearMonth(index: year * 12 + (month - 1) - back).description
    }

    var billedPeriod: String { period(back: 0) }

    /// Cycle c reads on day c + 3 of each month (the 4th to the 23rd).
    func readDay(cycle: UInt32) -> Int { Int(cycle) + 3 }

    func readDate(cycle: UInt32, back: Int) -> String {
        "\(period(back: back))-\(String(format: "%02d", readDay(cycle: cycle)))"
    }

    /// Meters are installed and service starts on the 1st of the month before the first
    /// history month, so every history month has an opening read.
    var serviceStart: String { "\(period(back: Self.historyMonths + 1))-01" }

    /// A tax-exemption certificate that runs out in the middle of the history year.
    var midYearExpiry: String { "\(period(back: 6))-15" }

    /// Local midnight of a date as UTC seconds.
    func midnight(year: Int, month: Int, day: Int) -> Int64 {
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? Date(timeIntervalSince1970: 0)
        return Int64(date.timeIntervalSince1970)
    }

    func midnight(_ date: String) -> Int64 {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return 0 }
        return midnight(year: parts[0], month: parts[1], day: parts[2])
    }

    /// Day number (days since the service start) of a local date.
    func dayNumber(_ date: String) -> Int {
        Int((midnight(date) - midnight(serviceStart) + 7_200) / 86_400)
    }

    /// The local date of a day number.
    func date(dayNumber: Int) -> String {
        let start = calendar.date(from: DateComponents(year: month(back: Self.historyMonths + 1).year, month: month(back: Self.historyMonths + 1).month, day: 1)) ?? Date()
        let day = calendar.date(byAdding: .day, value: dayNumber, to: start) ?? start
        let c = calendar.dateComponents([.year, .month, .day], from: day)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// The month (1–12) of a day number.
    func monthOf(dayNumber: Int) -> Int {
        let parts = date(dayNumber: dayNumber).split(separator: "-").compactMap { Int($0) }
        return parts.count == 3 ? parts[1] : 1
    }
}
