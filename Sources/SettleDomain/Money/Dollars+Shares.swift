extension Dollars {
    /// `amount × basisPoints / 10,000` (a late fee's percent, a deposit's interest), rounded
    /// half away from zero, exactly: in 128 bits, so no product of an amount and a rate can
    /// overflow; the result saturates at the 64-bit range.
    public static func percent(_ amount: Int64, basisPoints: Int64) -> Int64 {
        divide(Int128(amount) * Int128(basisPoints), by: 10_000)
    }

    /// `amount × numerator / denominator` (a share of an amount by days), rounded half away
    /// from zero, exactly; 0 for a zero denominator (no days, no share).
    public static func share(_ amount: Int64, numerator: Int64, denominator: Int64) -> Int64 {
        divide(Int128(amount) * Int128(numerator), by: Int128(denominator))
    }

    /// `numerator / denominator` rounded half away from zero (the sign of either may be
    /// negative), clamped to `Int64`; 0 for a zero denominator.
    public static func divide(_ numerator: Int128, by denominator: Int128) -> Int64 {
        guard denominator != 0 else { return 0 }
        let positive = denominator < 0 ? (-numerator, -denominator) : (numerator, denominator)
        return Int64(clamping: Rounding.halfUp.divide(positive.0, by: positive.1))
    }
}
