import Foundation
import SettleDomain

/// Parses and prints the instants that appear in read files.
///
/// Accepted: "YYYY-MM-DD" (the start of that local day), "YYYY-MM-DDTHH:MM[:SS]" (local
/// wall time; only when `allowLocal`, since the fall-back hour happens twice), and the same
/// with "Z" or "±HH:MM" (an exact instant). A space may replace the "T".
enum Timestamps {
    static func parse(_ text: some StringProtocol, calendar: ZoneCalendar, allowLocal: Bool) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, let date = LocalDate(String(decoding: bytes[0..<10], as: UTF8.self)) else { return nil }
        if bytes.count == 10 { return calendar.startOfDay(date) }
        guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes.count >= 16,
              bytes[13] == UInt8(ascii: ":"),
              let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), hour < 24, minute < 60
        else { return nil }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard bytes.count >= 19, let value = number(bytes[17..<19]), value < 60 else { return nil }
            second = value
            index = 19
        }
        let wall = Int64(date.dayNumber) * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
        if index == bytes.count {
            guard allowLocal else { return nil }
            // Wall time → instant: try the offset in force a day before and after; the first
            // that maps back to the same wall time wins (the earlier instant in the fall-back hour).
            for probe in [wall - 86_400, wall + 86_400] {
                let guess = wall - calendar.offset(at: probe)
                if guess + calendar.offset(at: guess) == wall { return guess }
            }
            return wall - calendar.offset(at: wall)
        }
        if bytes[index] == UInt8(ascii: "Z"), index + 1 == bytes.count { return wall }
        guard bytes.count == index + 6, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
              bytes[index + 3] == UInt8(ascii: ":"),
              let offsetHours = number(bytes[(index + 1)..<(index + 3)]), let offsetMinutes = number(bytes[(index + 4)..<(index + 6)])
        else { return nil }
        let offset = Int64(offsetHours * 3_600 + offsetMinutes * 60)
        return bytes[index] == UInt8(ascii: "+") ? wall - offset : wall + offset
    }

    /// UTC ISO-8601, e.g. "2024-11-03T06:15:00Z".
    static func format(_ instant: Int64) -> String {
        UTCTimestamp.seconds(from: Date(timeIntervalSince1970: TimeInterval(instant)))
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
