import Foundation
import SettleDomain
import SettleModuleSDK

/// A calendar date in the utility's time zone, as a day number since 1970-01-01.
///
/// Service periods, install dates and read dates are local calendar dates (DESIGN §3), so
/// they are kept as plain day numbers: comparisons and day counts are integer arithmetic,
/// and no time zone is involved until a date meets an instant (Metering turns them into instants).
struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    let dayNumber: Int

    init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// The date of a year, month (1–12) and day (1–31); nil when it does not exist.
    init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(year: year, month: month) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        dayNumber = era * 146_097 + doe - 719_468
    }

    /// Parses "YYYY-MM-DD" exactly; nil for anything else.
    init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = LocalDate.digits(bytes[0..<4]), let month = LocalDate.digits(bytes[5..<7]),
              let day = LocalDate.digits(bytes[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Year, month (1–12) and day (Hinnant's civil_from_days).
    var components: (year: Int, month: Int, day: Int) {
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

    /// 0 = Sunday … 6 = Saturday.
    var weekday: Int { ((dayNumber % 7) + 7 + 4) % 7 }

    var isWeekend: Bool { weekday == 0 || weekday == 6 }

    /// "YYYY-MM-DD".
    var description: String {
        let (y, m, d) = components
        return ISODateText.format(year: y, month: m, day: d)
    }

    func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// The same day `months` later, clamped to the month's last day (Jan 31 + 1 → Feb 28/29).
    func adding(months: Int) -> LocalDate {
        let (y, m, d) = components
        let index = y * 12 + (m - 1) + months
        let year = index >= 0 ? index / 12 : (index - 11) / 12
        let month = index - year * 12 + 1
        let day = min(d, LocalDate.daysIn(year: year, month: month))
        return LocalDate(year: year, month: month, day: day) ?? self
    }

    static func - (lhs: LocalDate, rhs: LocalDate) -> Int { lhs.dayNumber - rhs.dayNumber }

    static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}

extension LocalDate {
    /// Today's date in a time zone.
    static func today(in timeZone: TimeZone) -> LocalDate {
        let now = Date()
        let seconds = Int(now.timeIntervalSince1970) + timeZone.secondsFromGMT(for: now)
        return LocalDate(dayNumber: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }
}
