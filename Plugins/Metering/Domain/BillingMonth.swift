import SettleDomain

/// A billing period's name, "YYYY-MM": the month in which a cycle's closing read is taken.
struct BillingMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    let year: Int
    let month: Int

    init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1900...9999).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses "YYYY-MM" exactly.
    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month)
    }

    var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    /// The month `count` months later (negative: earlier).
    func adding(months count: Int) -> BillingMonth {
        let index = year * 12 + (month - 1) + count
        return BillingMonth(year: index / 12, month: index % 12 + 1) ?? self
    }

    var firstDay: LocalDate { LocalDate(year: year, month: month, day: 1) ?? LocalDate(dayNumber: 0) }

    static func < (lhs: BillingMonth, rhs: BillingMonth) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }

    /// The default scheduled read date of bill cycle `cycle` (1–20): the month's
    /// `cycle`-th weekday, so the 20 cycles spread over the month's working days.
    func defaultReadDate(cycle: Int) -> LocalDate {
        var date = firstDay
        var weekdays = 0
        while true {
            if !date.isWeekend {
                weekdays += 1
                if weekdays == max(1, cycle) { return date }
            }
            date = date.adding(days: 1)
        }
    }
}
