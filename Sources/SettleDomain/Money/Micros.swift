/// Exact decimals as integer millionths: tariff rates ($/kWh), quantities (kWh, kW, gallons),
/// percents, and a meter's CT and PT ratios and multipliers.
///
/// Rates carry up to 6 decimals and must multiply exactly, and a multiplier of 80 must stay 80,
/// so none of them ever passes through binary floating point: "0.112345" is 112,345 millionths.
/// Rating and Metering both read and print these; one implementation keeps their text alike.
public enum Micros {
    public static let scale: Int64 = 1_000_000

    /// Parses a decimal with at most 6 fractional digits ("12", "0.1123", "-3.5"); nil otherwise.
    @inlinable
    public static func parse(_ text: some StringProtocol) -> Int64? {
        parse(text, maxDecimals: 6, roundExtra: false)
    }

    /// Parses a decimal, rounding digits beyond the 6th half away from zero when `roundExtra`.
    @inlinable
    public static func parse(_ text: some StringProtocol, maxDecimals: Int, roundExtra: Bool) -> Int64? {
        var bytes = DecimalDigits.trimmed(Substring(text).utf8)
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        else if bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard let value = DecimalDigits.scaled(bytes, scale: 6, maxDecimals: maxDecimals, maxWholeDigits: 12, roundExtra: roundExtra) else { return nil }
        return negative ? -value : value
    }

    /// Formats millionths without trailing zeros: 112345 → "0.112345", 2500000 → "2.5".
    public static func format(_ micros: Int64) -> String {
        format(Int128(micros), decimals: 6)
    }

    /// Formats millionths rounded (half away from zero) to at most `decimals` places, trimmed.
    public static func format(_ micros: Int128, decimals: Int) -> String {
        // Amounts and quantities almost always fit in 64 bits, where division is one machine
        // instruction; Int128's is a library call (a bill formats a dozen of these).
        if let small = Int64(exactly: micros), small.magnitude < UInt64(Int64.max) / 4 {
            return format64(small, decimals: decimals)
        }
        return formatWide(micros, decimals: decimals)
    }

    /// `format(_:decimals:)` in 128-bit arithmetic, for any value.
    public static func formatWide(_ micros: Int128, decimals: Int) -> String {
        var divisor: Int128 = 1
        for _ in decimals..<6 { divisor *= 10 }
        let rounded = Rounding.halfUp.divide(micros, by: divisor)
        return text(rounded.magnitude, negative: rounded < 0, decimals: decimals)
    }

    /// `format(_:decimals:)` for a value far from Int64's limits: the same text.
    public static func format64(_ micros: Int64, decimals: Int) -> String {
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

    /// The exact product of millionths, or nil when it has more than 6 decimals or overflows
    /// (a meter's CT × PT × register constant must be exact to be its multiplier).
    public static func product(_ factors: [Int64]) -> Int64? {
        var result = Int128(scale)
        for factor in factors {
            let wide = result * Int128(factor)
            guard wide % Int128(scale) == 0 else { return nil }
            result = wide / Int128(scale)
            guard result <= Int128(Int64.max), result >= Int128(Int64.min) else { return nil }
        }
        return Int64(result)
    }

    /// A non-negative decimal (no sign) in bytes read straight from a file (a load profile's
    /// kWh), without a string per field; spaces and tabs around it are allowed, digits
    /// beyond the 6th round half away from zero when `roundExtra`.
    @inlinable
    public static func parseUnsigned(bytes: ArraySlice<UInt8>, roundExtra: Bool) -> Int64? {
        DecimalDigits.scaled(DecimalDigits.trimmed(bytes), scale: 6, maxDecimals: 6, maxWholeDigits: 12, roundExtra: roundExtra)
    }

    /// A non-negative decimal (no sign) with at most 6 fractional digits: "80", "2.5", ".5".
    @inlinable
    public static func parseUnsigned(_ text: some StringProtocol) -> Int64? {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        guard let first = trimmed.first, first != "-", first != "+" else { return nil }
        return parse(trimmed)
    }
}
