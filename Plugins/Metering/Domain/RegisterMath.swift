/// Consumption from register readings: ((current − previous) mod 10^dials) × multiplier.
///
/// Readings are whole dial values; the multiplier is exact millionths; consumption is exact
/// thousandths of the channel's unit (Wh for kWh). A multiplier with more than 3 decimals
/// can give a fraction of a thousandth: that is rounded half up, the one explicit rounding.
enum RegisterMath {
    /// 10^dials: the value at which a register of `dials` dials rolls over to zero.
    static func modulus(dials: Int) -> Int64 {
        var value: Int64 = 1
        for _ in 0..<max(0, min(dials, 18)) { value *= 10 }
        return value
    }

    /// The register movement from `previous` to `current`, allowing one rollover.
    static func wrappedDelta(previous: Int64, current: Int64, dials: Int) -> Int64 {
        let modulus = modulus(dials: dials)
        let raw = (current - previous) % modulus
        return raw < 0 ? raw + modulus : raw
    }

    /// Register units × multiplier, in thousandths of the unit (rounded half up).
    static func thousandths(registerUnits: Int64, multiplierMicros: Int64) -> Int64 {
        let product = Int128(registerUnits) * Int128(multiplierMicros)
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: 1_000)
        let rounded = remainder.magnitude * 2 >= 1_000 ? quotient + (product < 0 ? -1 : 1) : quotient
        return Int64(clamping: rounded)
    }

    /// How many register units give `thousandths` (rounded half up): turns an estimate of
    /// consumption back into a reading.
    static func registerUnits(thousandths: Int64, multiplierMicros: Int64) -> Int64 {
        guard multiplierMicros > 0 else { return 0 }
        let numerator = Int128(thousandths) * 1_000
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: Int128(multiplierMicros))
        let rounded = remainder.magnitude * 2 >= UInt128(multiplierMicros) ? quotient + (numerator < 0 ? -1 : 1) : quotient
        return Int64(clamping: rounded)
    }

    /// Consumption between two readings in thousandths, with whether the register rolled over.
    static func consumption(previous: Int64, current: Int64, dials: Int, multiplierMicros: Int64) -> (thousandths: Int64, rolledOver: Bool) {
        let delta = wrappedDelta(previous: previous, current: current, dials: dials)
        return (thousandths(registerUnits: delta, multiplierMicros: multiplierMicros), current < previous)
    }
}

/// Integer ratio helpers for threshold comparisons without floating point.
enum Ratio {
    /// a/b > c/d for non-negative b, d (cross-multiplied in 128 bits).
    static func greater(_ a: Int64, over b: Int64, than c: Int64, over d: Int64) -> Bool {
        Int128(a) * Int128(d) > Int128(c) * Int128(b)
    }

    /// round(a × b / c), half up, for c > 0.
    static func scale(_ a: Int64, by b: Int64, dividedBy c: Int64) -> Int64 {
        guard c != 0 else { return 0 }
        let product = Int128(a) * Int128(b)
        let (q, r) = product.quotientAndRemainder(dividingBy: Int128(c))
        let rounded = r.magnitude * 2 >= Int128(c).magnitude ? q + (product < 0 ? -1 : 1) : q
        return Int64(clamping: rounded)
    }

    /// a as a whole percentage of b (rounded half up), 0 when b is 0.
    static func percent(_ a: Int64, of b: Int64) -> Int64 { scale(a, by: 100, dividedBy: b) }
}
