import SettleDomain

/// A billing period "YYYY-MM" and the calendar days it spans, for asking Accounts which
/// agreements were in service in it.
struct ReportPeriod: Sendable, Equatable, CustomStringConvertible {
    let year: Int
    let month: Int

    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
    var firstDay: String { "\(description)-01" }
    var lastDay: String { "\(description)-\(LocalDate.daysIn(year: year, month: month))" }
}
