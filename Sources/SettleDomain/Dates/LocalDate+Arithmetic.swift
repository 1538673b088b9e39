/// Day and month arithmetic, so notice periods, aging buckets and billing cycles need no calendar.
extension LocalDate {
    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// The same day `months` later, clamped to the month's last day (Jan 31 + 1 → Feb 28/29),
    /// which is how installments and due dates step through short months.
    public func adding(months: Int) -> LocalDate {
        let (y, m, d) = components
        let index = y * 12 + (m - 1) + months
        let year = index >= 0 ? index / 12 : (index - 11) / 12
        let month = index - year * 12 + 1
        let day = min(d, LocalDate.daysIn(year: year, month: month))
        return LocalDate(year: year, month: month, day: day) ?? self
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }

    /// Whole days from `rhs` to `lhs`, for spans written as subtraction.
    public static func - (lhs: LocalDate, rhs: LocalDate) -> Int { lhs.dayNumber - rhs.dayNumber }

    /// 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday), as tariffs' day-of-week rules count.
    public var weekday: Int { ((dayNumber % 7) + 7 + 4) % 7 }

    /// 1 = Monday … 7 = Sunday, as ISO 8601 and the collections calendar count.
    public var isoWeekday: Int { ((dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }

    /// Saturday or Sunday: no disconnections, different time-of-use prices.
    public var isWeekend: Bool { weekday == 0 || weekday == 6 }

    /// How many days `month` (1–12) of `year` has.
    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
