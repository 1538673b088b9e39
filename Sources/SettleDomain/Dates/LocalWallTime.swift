/// A local date and time of day as read files and load profiles write them:
/// `YYYY-MM-DDTHH:MM`, optionally `:SS`, with a space allowed for the `T`.
///
/// Metering's read files and Rating's load profiles both take this text; it is read here once,
/// byte by byte (millions of rows), and what comes after it (a zone, or nothing) is the
/// caller's to read.
public struct LocalWallTime: Sendable, Equatable {
    public let date: LocalDate
    /// Seconds since local midnight on the wall clock, 0–86,399.
    public let secondOfDay: Int

    public init(date: LocalDate, secondOfDay: Int) {
        self.date = date
        self.secondOfDay = secondOfDay
    }

    /// The wall time `bytes` start with and how many bytes it took (16, or 19 with seconds),
    /// or nil when they do not start with one (a day that does not exist, 24:00, 12:60).
    public static func prefix(of bytes: ArraySlice<UInt8>) -> (time: LocalWallTime, length: Int)? {
        let start = bytes.startIndex
        guard bytes.count >= 16, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-"),
              bytes[start + 10] == UInt8(ascii: "T") || bytes[start + 10] == UInt8(ascii: " "), bytes[start + 13] == UInt8(ascii: ":"),
              let year = ASCIIDigits.value(bytes[start..<(start + 4)]), let month = ASCIIDigits.value(bytes[(start + 5)..<(start + 7)]),
              let day = ASCIIDigits.value(bytes[(start + 8)..<(start + 10)]), let date = LocalDate(year: year, month: month, day: day),
              let hour = ASCIIDigits.value(bytes[(start + 11)..<(start + 13)]), let minute = ASCIIDigits.value(bytes[(start + 14)..<(start + 16)]),
              hour < 24, minute < 60
        else { return nil }
        var second = 0
        var length = 16
        if bytes.count > 16, bytes[start + 16] == UInt8(ascii: ":") {
            guard bytes.count >= 19, let value = ASCIIDigits.value(bytes[(start + 17)..<(start + 19)]), value < 60 else { return nil }
            second = value
            length = 19
        }
        return (LocalWallTime(date: date, secondOfDay: hour * 3_600 + minute * 60 + second), length)
    }

    /// Seconds since 1970-01-01T00:00 on the wall clock (not an instant: the zone's offset
    /// turns it into one).
    public var wallSeconds: Int64 { Int64(date.dayNumber) * 86_400 + Int64(secondOfDay) }
}
