/// Exact quantities as integer thousandths: interval values and consumption ("12.345" kWh is
/// 12,345 Wh), never binary floating point.
public enum Thousandths {
    /// Parses a decimal with at most 3 fractional digits ("12.345" → 12345, "-1.5" → -1500);
    /// nil for anything else (exponents, more decimals, more than 15 whole digits).
    @inlinable
    public static func parse(_ text: some StringProtocol) -> Int64? {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        guard let value = DecimalDigits.scaled(bytes, scale: 3, maxDecimals: 3, maxWholeDigits: 15, roundExtra: false) else { return nil }
        return negative ? -value : value
    }

    /// Thousandths as a decimal without trailing zeros: 12345 → "12.345", 12000 → "12".
    public static func format(_ value: Int64) -> String {
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let whole = magnitude / 1_000
        let fraction = magnitude % 1_000
        guard fraction != 0 else { return sign + String(whole) }
        var text = String(fraction)
        text = String(repeating: "0", count: 3 - text.count) + text
        while text.hasSuffix("0") { text.removeLast() }
        return "\(sign)\(whole).\(text)"
    }
}
