import SettleDomain
/// Block (tier) arithmetic shared by energy, demand, water and simulation.
enum Blocks {
    /// How much of `total` falls in each block, with block limits already scaled.
    ///
    /// Limits are cumulative upper bounds (URDB's `max`); the last block may be unlimited.
    /// Usage beyond a last limited block is charged at the last block's rate, as URDB does.
    static func split(_ total: Int64, limits: [Int64?]) -> [Int64] {
        var result = [Int64](repeating: 0, count: limits.count)
        var lower: Int64 = 0
        for (index, limit) in limits.enumerated() {
            let isLast = index == limits.count - 1
            let upper = isLast ? Int64.max : (limit ?? Int64.max)
            guard total > lower else { break }
            result[index] = min(total, upper) - lower
            lower = upper
        }
        return result
    }

    /// Splits `total` in proportion to `weights`, exactly: the parts always sum to `total`.
    static func allocate(_ total: Int64, weights: [Int]) -> [Int64] {
        let sum = Int128(weights.reduce(0, +))
        guard sum > 0 else { return weights.map { _ in 0 } }
        var result: [Int64] = []
        var cumulative: Int128 = 0
        var previous: Int128 = 0
        for weight in weights {
            cumulative += Int128(weight)
            let upTo = Rounding.halfUp.divide(Int128(total) * cumulative, by: sum)
            result.append(Int64(upTo - previous))
            previous = upTo
        }
        return result
    }

    /// `value × numerator / denominator`, rounded half away from zero.
    static func scale(_ value: Int64, _ numerator: Int, _ denominator: Int) -> Int64 {
        Int64(Rounding.halfUp.divide(Int128(value) * Int128(numerator), by: Int128(max(denominator, 1))))
    }

    /// Cents of `quantity` (millionths) × `rate` (millionths of a dollar) × num / den.
    static func cents(_ quantityMicros: Int64, _ rateMicros: Int64, _ numerator: Int = 1, _ denominator: Int = 1, rounding: Rounding) -> Int64 {
        // quantity × rate is in 10⁻¹² dollars; a cent is 10¹⁰ of those.
        let exact = Int128(quantityMicros) * Int128(rateMicros) * Int128(numerator)
        return Int64(rounding.divide(exact, by: 10_000_000_000 * Int128(max(denominator, 1))))
    }
}
