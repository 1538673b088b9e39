public import Foundation

/// Formats instants as UTC ISO-8601 text with milliseconds (`2025-03-09T07:59:59.123Z`).
///
/// The text is what the audit chain hashes, so it is produced by plain integer arithmetic
/// (`LocalDate`'s civil-from-days) rather than a locale- or platform-dependent formatter:
/// the same instant always gives the same bytes. Instants are rounded to the nearest
/// millisecond (absorbing binary floating-point noise) and clamped to years 0001–9999.
/// Modules use it for their own "when" columns too: it costs nanoseconds, where creating a
/// Foundation date formatter per row costs tens of microseconds.
public enum UTCTimestamp {
    public static func string(from date: Date) -> String {
        let lowest = -62_135_596_800_000.0  // 0001-01-01T00:00:00.000Z
        let highest = 253_402_300_799_999.0  // 9999-12-31T23:59:59.999Z
        let raw = (date.timeIntervalSince1970 * 1000).rounded()
        let millis = Int64(raw.isNaN ? 0 : min(max(raw, lowest), highest))

        let msPerDay: Int64 = 86_400_000
        let days = millis >= 0 ? millis / msPerDay : (millis - msPerDay + 1) / msPerDay
        let msOfDay = millis - days * msPerDay

        let (year, month, day) = LocalDate(dayNumber: Int(days)).components

        return "\(pad(Int64(year), 4))-\(pad(Int64(month), 2))-\(pad(Int64(day), 2))T"
            + "\(pad(msOfDay / 3_600_000, 2)):\(pad(msOfDay / 60000 % 60, 2)):\(pad(msOfDay / 1000 % 60, 2))"
            + ".\(pad(msOfDay % 1000, 3))Z"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
