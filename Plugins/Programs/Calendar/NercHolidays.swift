import SettleDomain

/// NERC's six holidays, the days the North American Electric Reliability Corporation counts
/// as off-peak for the whole day, with its observance rule.
///
/// A holiday that falls on a Sunday is observed on the Monday after; one that falls on a
/// Saturday is not moved (Saturday is off-peak already). Memorial Day, Labor Day and
/// Thanksgiving always fall on their weekday.
enum NercHolidays {
    /// One holiday of a year: the day it is observed, its name, and the calendar date when
    /// observance moved it.
    struct Holiday: Sendable, Equatable {
        let observed: LocalDate
        let name: String
        let actual: LocalDate
    }

    /// The six holidays of `year`, in date order.
    static func of(year: Int) -> [Holiday] {
        func fixed(_ month: Int, _ day: Int, _ name: String) -> Holiday? {
            guard let actual = LocalDate(year: year, month: month, day: day) else { return nil }
            return Holiday(observed: actual.weekday == 0 ? actual.adding(days: 1) : actual, name: name, actual: actual)
        }
        func nth(_ n: Int, weekday: Int, month: Int, _ name: String) -> Holiday? {
            guard let first = LocalDate(year: year, month: month, day: 1) else { return nil }
            let day = first.adding(days: (weekday - first.weekday + 7) % 7 + 7 * (n - 1))
            return Holiday(observed: day, name: name, actual: day)
        }
        func last(weekday: Int, month: Int, _ name: String) -> Holiday? {
            guard let end = LocalDate(year: year, month: month, day: LocalDate.daysIn(year: year, month: month)) else { return nil }
            let day = end.adding(days: -((end.weekday - weekday + 7) % 7))
            return Holiday(observed: day, name: name, actual: day)
        }
        return [
            fixed(1, 1, "New Year's Day"),
            last(weekday: 1, month: 5, "Memorial Day"),
            fixed(7, 4, "Independence Day"),
            nth(1, weekday: 1, month: 9, "Labor Day"),
            nth(4, weekday: 4, month: 11, "Thanksgiving Day"),
            fixed(12, 25, "Christmas Day"),
        ].compactMap { $0 }
    }
}
