import Foundation
import SettleDomain

/// The demo's dates: the billed period, the 13 months of history before it, each cycle's read
/// day, and the local-time arithmetic (America/Chicago by default, with its DST days).
struct DemoCalendar: Sendable {
    let timeZone: TimeZone
    /// Local midnights and hours in `timeZone`, from its transitions.
    let zone: ZoneCalendar
    /// The billed month, e.g. 2026-10.
    let billed: YearMonth
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
        self.billed = billed
        self.timeZone = timeZone
        zone = ZoneCalendar(timeZone: timeZone)
    }

    /// The billed month's number, 1–12.
    var month: Int { billed.month }

    /// The month `back` months before the billed one (negative: after it).
    func month(back: Int) -> YearMonth { billed.adding(months: -back) }

    func period(back: Int) -> String { month(back: back).description }

    var billedPeriod: String { period(back: 0) }

    /// Cycle c reads on day c + 3 of each month (the 4th to the 23rd).
    func readDay(cycle: UInt32) -> Int { Int(cycle) + 3 }

    func readDate(cycle: UInt32, back: Int) -> String {
        month(back: back).firstDay.adding(days: readDay(cycle: cycle) - 1).description
    }

    /// Meters are installed and service starts on the 1st of the month before the first
    /// history month, so every history month has an opening read.
    var serviceStartDay: LocalDate { month(back: Self.historyMonths + 1).firstDay }

    var serviceStart: String { serviceStartDay.description }

    /// A tax-exemption certificate that runs out in the middle of the history year.
    var midYearExpiry: String { month(back: 6).firstDay.adding(days: 14).description }

    /// Local midnight of a date as UTC seconds.
    func midnight(_ day: LocalDate) -> Int64 { zone.startOfDay(day) }

    /// Day number (days since the service start) of a local date.
    func dayNumber(_ date: String) -> Int {
        (LocalDate(date)?.dayNumber ?? serviceStartDay.dayNumber) - serviceStartDay.dayNumber
    }

    /// The local date of a day number.
    func date(dayNumber: Int) -> String { serviceStartDay.adding(days: dayNumber).description }
}
