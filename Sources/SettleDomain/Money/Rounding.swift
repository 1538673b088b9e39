/// How an exact amount becomes whole cents (or any unit): a tariff version names its own;
/// refunds, deposits and shares by days round half up.
public enum Rounding: String, Sendable {
    /// Half away from zero: 0.5¢ → 1¢, −0.5¢ → −1¢ (what "half-up" means on a bill).
    case halfUp = "half_up"
    /// Banker's rounding: half to the even neighbour.
    case halfEven = "half_even"

    /// `numerator / denominator` rounded to an integer (denominator > 0).
    public func divide(_ numerator: Int128, by denominator: Int128) -> Int128 {
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
