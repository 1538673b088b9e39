/// A calendar month, "YYYY-MM": a billing period, a simulated month, a ratchet's look-back.
///
/// Metering closes a cycle's reads in a period, Rating bills and simulates by month, and
/// Reporting asks which agreements were in service in one; every one of them names the month
/// the same way, so the month is written once here. Months are counted by ``index`` so that
/// stepping across a year end, or back before it, is integer arithmetic.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    /// 1–12.
    public let month: Int

    /// The month of a year and month (1–12); nil for a month that does not exist.
    public init?(year: Int, month: Int) {
        guard (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// The month `date` falls in.
    public init(_ date: LocalDate) {
        let (year, month, _) = date.components
        self.year = year
        self.month = month
    }

    /// The month `index` months after January of year 0 (see ``index``).
    public init(index: Int) {
        let year = index >= 0 ? index / 12 : (index - 11) / 12
        self.year = year
        self.month = index - year * 12 + 1
    }

    /// Months since January of year 0, so a look-back and a lot's age are a subtraction.
    public var index: Int { year * 12 + month - 1 }

    /// The month `months` later (earlier when negative), across year ends.
    public func adding(months: Int) -> YearMonth { YearMonth(index: index + months) }

    /// How many days the month has (28–31).
    public var days: Int { LocalDate.daysIn(year: year, month: month) }

    /// The month's first day.
    public var firstDay: LocalDate { LocalDate(dayNumber: LocalDate.dayNumber(year: year, month: month, day: 1)) }

    /// The month's last day.
    public var lastDay: LocalDate { LocalDate(dayNumber: LocalDate.dayNumber(year: year, month: month, day: days)) }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.index < rhs.index }
}
