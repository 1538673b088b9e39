/// Exact money arithmetic for refunds: integer cents, rounding stated where it happens.
enum Money {
    /// "1,234.56" or "-0.05" for cents.
    static func text(_ cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        var whole = String(magnitude / 100)
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        let fraction = magnitude % 100
        return sign + whole + grouped + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// `amount × numerator / denominator`, rounded half away from zero (Int128 inside: no overflow).
    static func share(_ amount: Int64, numerator: Int64, denominator: Int64) -> Int64 {
        guard denominator != 0 else { return 0 }
        let product = Int128(amount) * Int128(numerator)
        let divisor = Int128(denominator)
        let quotient = product / divisor
        let remainder = product % divisor
        let twice = remainder.magnitude * 2
        guard twice >= divisor.magnitude else { return Int64(quotient) }
        return Int64(quotient + ((product < 0) != (divisor < 0) ? -1 : 1))
    }
}
