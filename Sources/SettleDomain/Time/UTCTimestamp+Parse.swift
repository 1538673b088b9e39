public import Foundation

extension UTCTimestamp {
    /// The instant of contract UTC text (`2026-12-07T00:38:05Z` or with milliseconds,
    /// `…05.123Z`), or nil when the text is not that form.
    ///
    /// Audit and `created_at` fields are UTC, but a specialist's day is the utility's: a record
    /// written at 00:38 UTC belongs to the evening before in Chicago. Reading the text back to an
    /// instant lets ``LocalDate/init(_:in:)`` place it on the right local day, where taking the
    /// text's first ten characters would place it on the UTC day.
    public static func instant(from text: some StringProtocol) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20 || bytes.count == 24, bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes.last == UInt8(ascii: "Z"),
              let day = LocalDate(String(decoding: bytes[0..<10], as: UTF8.self)),
              let hour = ASCIIDigits.value(bytes[11..<13]), hour < 24,
              let minute = ASCIIDigits.value(bytes[14..<16]), minute < 60,
              let second = ASCIIDigits.value(bytes[17..<19]), second < 60 else { return nil }
        var millis = 0
        if bytes.count == 24 {
            guard bytes[19] == UInt8(ascii: "."), let value = ASCIIDigits.value(bytes[20..<23]) else { return nil }
            millis = value
        }
        let seconds = day.dayNumber * 86_400 + hour * 3_600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(seconds) + Double(millis) / 1_000)
    }
}
