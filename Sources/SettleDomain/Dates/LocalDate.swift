/// A calendar date in the utility's time zone, as a day number since 1970-01-01.
///
/// Service periods, due dates, certificates and read dates are local calendar dates, not
/// instants: a move-out on 2025-03-31 is that day wherever the clock is. Keeping them as a
/// plain day number makes comparisons, day counts and aging integer arithmetic, and keeps
/// time zones out until a date meets an instant (`LocalDate+TimeZone.swift`). Every module
/// and client shares this one type, so a date means the same thing on both sides of a call.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before), proleptic Gregorian.
    public let dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// The date of a year, month (1–12) and day (1–31); nil when that day does not exist, so
    /// a caller never silently rolls 2025-02-30 over into March.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(year: year, month: month) else { return nil }
        dayNumber = LocalDate.dayNumber(year: year, month: month, day: day)
    }

    /// Year, month (1–12) and day, for the few rules that speak in calendar terms.
    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// The day number of a year, month and day that are known to exist (Hinnant's days_from_civil).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
