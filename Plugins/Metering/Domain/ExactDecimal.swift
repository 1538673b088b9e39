/// Exact decimals as integer millionths: CT and PT ratios, register constants, multipliers.
///
/// A multiplier of 80 must multiply exactly, so ratios never pass through binary floating
/// point: "2.5" is 2,500,000 millionths, and products are checked for exactness.
enum ExactDecimal {
    static let scale: Int64 = 1_000_000

    /// Parses a non-negative decimal with at most 6 fractional digits ("80", "2.5", "0.001").
    static func parseMicros(_ text: String) -> Int64? {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { return nil }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty || parts.count == 2,
              whole.allSatisfy(\.isASCIIDigit), whole.count <= 12
        else { return nil }
        var micros = (Int64(whole) ?? 0) * scale
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= 6, fraction.allSatisfy(\.isASCIIDigit) else { return nil }
            let padded = fraction + String(repeating: "0", count: 6 - fraction.count)
            micros += Int64(padded) ?? 0
        }
        return micros
    }

    /// Formats millionths without trailing zeros: 80000000 → "80", 2500000 → "2.5".
    static func format(micros: Int64) -> String {
        let sign = micros < 0 ? "-" : ""
        let magnitude = micros.magnitude
        let whole = magnitude / UInt64(scale)
        var fraction = String(magnitude % UInt64(scale))
        guard fraction != "0" else { return sign + String(whole) }
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(whole).\(fraction)"
    }

    /// The exact product of millionths, or nil when it has more than 6 decimals or overflows.
    static func product(_ factors: [Int64]) -> Int64? {
        var result = Int128(scale)
        for factor in factors {
            let wide = result * Int128(factor)
            guard wide % Int128(scale) == 0 else { return nil }
            result = wide / Int128(scale)
            guard result <= Int128(Int64.max) else { return nil }
        }
        return Int64(result)
    }

    /// Parses a decimal quantity into thousandths ("12.345" → 12345), at most 3 decimals;
    /// the unit of interval values and consumption. Negative allowed.
    static func parseThousandths(_ text: some StringProtocol) -> Int64? {
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

    /// Formats thousandths as a decimal: 12345 → "12.345", 12000 → "12".
    static func formatThousandths(_ value: Int64) -> String {
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

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        String(drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
    }
}
