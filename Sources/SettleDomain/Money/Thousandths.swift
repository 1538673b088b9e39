/// Exact quantities as integer thousandths: interval values and consumption ("12.345" kWh is
/// 12,345 Wh), never binary floating point.
public enum Thousandths {
    /// Parses a decimal with at most 3 fractional digits ("12.345" → 12345, "-1.5" → -1500);
    /// nil for anything else (exponents, more decimals, more than 15 whole digits).
    public static func parse(_ text: some StringProtocol) -> Int64? {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        var whole: Int64 = 0
        var digits = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenPoint = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int64(byte - UInt8(ascii: "0"))
            if seenPoint {
                fractionDigits += 1
                guard fractionDigits <= 3 else { return nil }
                fraction = fraction * 10 + digit
            } else {
                digits += 1
                guard digits <= 15 else { return nil }
                whole = whole * 10 + digit
            }
        }
        guard digits > 0 || fractionDigits > 0 else { return nil }
        for _ in fractionDigits..<3 { fraction *= 10 }
        let value = whole * 1_000 + fraction
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
