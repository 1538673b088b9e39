import Foundation
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// A local calendar date in the utility's time zone, written `YYYY-MM-DD` and stored as a
/// day number (days since 1970-01-01), so aging and notice arithmetic is integer math.
struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (proleptic Gregorian).
    let dayNumber: Int

    /// Years a utility's records plausibly hold; anything else is a typing mistake.
    static let years = 1900...2199

    init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// Parses `YYYY-MM-DD` exactly (4-2-2 digits, a real day of a real month), else nil.
    init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              Self.years.contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        dayNumber = Self.dayNumber(year: year, month: month, day: day)
    }

    /// The date `days` later (earlier when negative).
    func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    var isoWeekday: Int { ((dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }

    var isWeekend: Bool { isoWeekday >= 6 }

    /// The same day `months` calendar months later, clamped to the month's last day.
    func adding(months: Int) -> LocalDate {
        let (y, m, d) = parts
        let index = y * 12 + (m - 1) + months
        let year = index / 12, month = index % 12 + 1
        return LocalDate(dayNumber: Self.dayNumber(year: year, month: month, day: min(d, Self.daysIn(month: month, year: year))))
    }

    var parts: (year: Int, month: Int, day: Int) {
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

    var description: String {
        let (y, m, d) = parts
        return ISODateText.format(year: y, month: m, day: d)
    }

    static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Today's date in `timeZone` (the utility's).
    static func today(in timeZone: TimeZone, now: Date = Date()) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return LocalDate(dayNumber: dayNumber(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1))
    }

    /// Parses a required date field, or throws INVALID_ARGUMENT naming the field and the value.
    static func parse(_ text: String, field: String) throws(RPCError) -> LocalDate {
        if text.isEmpty { throw RPCError(.invalidArgument, "\(field) is required (a date YYYY-MM-DD)") }
        guard let date = LocalDate(text) else {
            throw RPCError(.invalidArgument, "\(field) '\(text)' is not a calendar date YYYY-MM-DD between \(years.lowerBound) and \(years.upperBound)")
        }
        return date
    }

    /// Parses an optional date field: empty means `fallback`.
    static func parse(_ text: String, field: String, default fallback: LocalDate) throws(RPCError) -> LocalDate {
        text.isEmpty ? fallback : try parse(text, field: field)
    }
}
