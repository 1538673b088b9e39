import Foundation
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// A local calendar date in the utility's time zone, written `YYYY-MM-DD`.
///
/// Service periods, certificates and moves are calendar dates, not instants: a move-out on
/// 2025-03-31 is that day wherever the clock is. Stored and compared as the text, which
/// sorts in date order because it is zero-padded.
struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    let year: Int
    let month: Int
    let day: Int

    /// Years a utility's records plausibly hold; anything else is a typing mistake.
    static let years = 1900...2199

    /// Parses `YYYY-MM-DD` exactly (4-2-2 digits, a real day of a real month), else nil.
    init?(_ text: String) {
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
        self.year = year
        self.month = month
        self.day = day
    }

    private init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Today's date in `timeZone` (the utility's), which is what "today" means to a specialist.
    static func today(in timeZone: TimeZone, now: Date = Date()) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return LocalDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    var description: String {
        ISODateText.format(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for day arithmetic without a calendar.
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }

    static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Parses a required date field, or throws INVALID_ARGUMENT naming the field and the value.
    static func parse(_ text: String, field: String) throws(RPCError) -> LocalDate {
        if text.isEmpty { throw RPCError(.invalidArgument, "\(field) is required (a date YYYY-MM-DD)") }
        guard let date = LocalDate(text) else {
            throw RPCError(.invalidArgument, "\(field) '\(text)' is not a calendar date YYYY-MM-DD between \(years.lowerBound) and \(years.upperBound)")
        }
        return date
    }

    /// Parses an optional date field: empty means none.
    static func parseOptional(_ text: String, field: String) throws(RPCError) -> LocalDate? {
        text.isEmpty ? nil : try parse(text, field: field)
    }

    /// Parses a pair of fields that bound a range of days (both inclusive): both or neither
    /// given, the second not before the first; nil when neither is.
    static func parseRange(
        from fromText: String, fromField: String, to toText: String, toField: String
    ) throws(RPCError) -> ClosedRange<LocalDate>? {
        switch (try parseOptional(fromText, field: fromField), try parseOptional(toText, field: toField)) {
        case let (from?, to?):
            guard from <= to else { throw RPCError(.invalidArgument, "\(toField) \(to) is before \(fromField) \(from)") }
            return from...to
        case (nil, nil):
            return nil
        default:
            throw RPCError(.invalidArgument, "\(fromField) and \(toField) go together: give both or neither")
        }
    }
}
