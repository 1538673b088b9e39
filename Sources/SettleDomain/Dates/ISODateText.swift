/// `yyyy-MM-dd` text of a calendar date, the form every contract carries dates in.
///
/// `LocalDate.description` formats through here. A billing run formats several dates per
/// bill and per determinant, and building the text with interpolation and padding cost more
/// than the rest of a bill line.
public enum ISODateText {
    public static func format(year: Int, month: Int, day: Int) -> String {
        guard (0...9_999).contains(year), (1...12).contains(month), (1...31).contains(day) else {
            return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
        }
        // Ten ASCII bytes written straight into a small string (no allocation).
        return String(unsafeUninitializedCapacity: 10) { buffer in
            func digit(_ value: Int) -> UInt8 { UInt8(truncatingIfNeeded: 48 + value) }
            buffer[0] = digit(year / 1_000)
            buffer[1] = digit(year / 100 % 10)
            buffer[2] = digit(year / 10 % 10)
            buffer[3] = digit(year % 10)
            buffer[4] = UInt8(ascii: "-")
            buffer[5] = digit(month / 10)
            buffer[6] = digit(month % 10)
            buffer[7] = UInt8(ascii: "-")
            buffer[8] = digit(day / 10)
            buffer[9] = digit(day % 10)
            return 10
        }
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
