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
        if bytes.count == 10 {
            guard let date = LocalDate(String(decoding: bytes, as: UTF8.self)) else { return nil }
            return calendar.startOfDay(date)
        }
        guard let (time, length) = LocalWallTime.prefix(of: bytes[...]) else { return nil }
        let index = length
        let wall = time.wallSeconds
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
              let offsetHours = ASCIIDigits.value(bytes[(index + 1)..<(index + 3)]), let offsetMinutes = ASCIIDigits.value(bytes[(index + 4)..<(index + 6)])
        else { return nil }
        let offset = Int64(offsetHours * 3_600 + offsetMinutes * 60)
        return bytes[index] == UInt8(ascii: "+") ? wall - offset : wall + offset
    }

    /// UTC ISO-8601, e.g. "2024-11-03T06:15:00Z".
    static func format(_ instant: Int64) -> String {
        UTCTimestamp.seconds(from: Date(timeIntervalSince1970: TimeInterval(instant)))
    }
}
