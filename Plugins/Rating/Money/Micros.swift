/// Exact decimals as integer millionths: rates ($/kWh), quantities (kWh, kW, gallons), percents.
///
/// Tariff rates carry up to 6 decimals and must multiply exactly, so they never pass through
/// binary floating point: "0.112345" is 112,345 millionths.
enum Micros {
    static let scale: Int64 = 1_000_000

    /// Parses a decimal with at most 6 fractional digits ("12", "0.1123", "-3.5"); nil otherwise.
    static func parse(_ text: some StringProtocol) -> Int64? {
        parse(text, maxDecimals: 6, roundExtra: false)
    }

    /// Parses a decimal, rounding digits beyond the 6th half away from zero when `roundExtra`.
    static func parse(_ text: some StringProtocol, maxDecimals: Int, roundExtra: Bool) -> Int64? {
        var bytes = Substring(text).utf8[...]
        while let first = bytes.first, first == 32 || first == 9 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 32 || last == 9 || last == 13 { bytes = bytes.dropLast() }
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        else if bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        var whole: Int64 = 0
        var wholeDigits = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var roundUp = false
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
                if fractionDigits < maxDecimals {
                    fraction = fraction * 10 + digit
                    fractionDigits += 1
                } else {
                    guard roundExtra else { return nil }
                    if fractionDigits == maxDecimals { roundUp = digit >= 5; fractionDigits += 1 }
                }
            } else {
                wholeDigits += 1
                guard wholeDigits <= 12 else { return nil }
                whole = whole * 10 + digit
            }
        }
        guard wholeDigits > 0 || fractionDigits > 0 else { return nil }
        for _ in min(fractionDigits, maxDecimals)..<6 { fraction *= 10 }
        var value = whole * scale + fraction
        if roundUp { value += 1 }
        return negative ? -value : value
    }

    /// Formats millionths without trailing zeros: 112345 → "0.112345", 2500000 → "2.5".
    static func format(_ micros: Int64) -> String {
        format(Int128(micros), decimals: 6)
    }

    /// Formats millionths rounded (half away from zero) to at most `decimals` places, trimmed.
    static func format(_ micros: Int128, decimals: Int) -> String {
        // Amounts and quantities almost always fit in 64 bits, where division is one machine
        // instruction; Int128's is a library call (a bill formats a dozen of these).
        if let small = Int64(exactly: micros), small.magnitude < UInt64(Int64.max) / 4 {
            return format64(small, decimals: decimals)
        }
        return formatWide(micros, decimals: decimals)
    }

    /// `format(_:decimals:)` in 128-bit arithmetic, for any value.
    static func formatWide(_ micros: Int128, decimals: Int) -> String {
        var divisor: Int128 = 1
        for _ in decimals..<6 { divisor *= 10 }
        let rounded = Rounding.halfUp.divide(micros, by: divisor)
        return text(rounded.magnitude, negative: rounded < 0, decimals: decimals)
    }

    /// `format(_:decimals:)` for a value far from Int64's limits: the same text.
    static func format64(_ micros: Int64, decimals: Int) -> String {
        var divisor: Int64 = 1
        for _ in decimals..<6 { divisor *= 10 }
        var rounded = micros / divisor
        if (micros % divisor).magnitude * 2 >= UInt64(divisor) { rounded += micros < 0 ? -1 : 1 }
        return text(rounded.magnitude, negative: rounded < 0, decimals: decimals)
    }

    /// A rounded magnitude in units of 10^-decimals as text, trailing zeros trimmed.
    private static func text<Magnitude: FixedWidthInteger & UnsignedInteger>(_ magnitude: Magnitude, negative: Bool, decimals: Int) -> String {
        var unit: Magnitude = 1
        for _ in 0..<decimals { unit *= 10 }
        let sign = negative ? "-" : ""
        let whole = magnitude / unit
        guard decimals > 0, magnitude % unit != 0 else { return sign + String(whole) }
        var fraction = String(magnitude % unit)
        fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(whole).\(fraction)"
    }
}

/// How an exact amount becomes whole cents (or any unit): per tariff version.
enum Rounding: String, Sendable {
    /// Half away from zero: 0.5¢ → 1¢, −0.5¢ → −1¢ (what "half-up" means on a bill).
    case halfUp = "half_up"
    /// Banker's rounding: half to the even neighbour.
    case halfEven = "half_even"

    /// `numerator / denominator` rounded to an integer (denominator > 0).
    func divide(_ numerator: Int128, by denominator: Int128) -> Int128 {
        let quotient = numerator / denominator
        let remainder = numerator % denominator
        guard remainder != 0 else { return quotient }
        let twice = remainder.magnitude * 2
        let away: Int128 = numerator < 0 ? -1 : 1
        if twice > denominator.magnitude { return quotient + away }
        if twice < denominator.magnitude { return quotient }
        switch self {
        case .halfUp: return quotient + away
        case .halfEven: return quotient % 2 == 0 ? quotient : quotient + away
        }
    }
}

/// Whole cents as the dollar text bills and simulations print: 6231 → "62.31", -5 → "-0.05".
enum Dollars {
    static func format(_ cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
