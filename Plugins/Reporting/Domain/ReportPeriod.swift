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
    var lastDay: String { "\(description)-\(Self.days(inMonth: month, year: year))" }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
