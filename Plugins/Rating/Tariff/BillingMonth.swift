import SettleDomain

/// A calendar month "YYYY-MM": simulation months, billing periods, ratchet look-backs.
struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    let year: Int
    /// 1–12.
    let month: Int

    init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month)
        else { return nil }
        self.init(year: year, month: month)
    }

    init(_ date: LocalDate) {
        let (year, month, _) = date.components
        self.init(year: year, month: month)
    }

    var index: Int { year * 12 + month - 1 }

    var days: Int { LocalDate.daysIn(year: year, month: month) }

    var firstDay: LocalDate { LocalDate(year: year, month: month, day: 1) ?? LocalDate(dayNumber: 0) }

    func adding(months: Int) -> YearMonth {
        let target = index + months
        return YearMonth(year: target / 12, month: target % 12 + 1)
    }

    var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)"
    }

    static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.index < rhs.index }
}
