/// Whole cents as dollar text, exactly (integer arithmetic, no floating point).
///
/// Three forms, each where it is read: `plain` on bills, in simulations, CSV and audit
/// records ("1234.56"); `grouped` in table columns headed AMOUNT ("1,234.56"); `signed` in
/// sentences a person reads ("$1,234.56", "-$12.00").
public enum Dollars {
    /// 6231 → "62.31", -5 → "-0.05", 123456 → "1234.56".
    public static func plain(_ cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// 123456 → "1,234.56", -5 → "-0.05".
    public static func grouped(_ cents: Int64) -> String {
        (cents < 0 ? "-" : "") + groupedMagnitude(cents.magnitude)
    }

    /// 123456 → "$1,234.56", -1200 → "-$12.00"; `grouped: false` leaves out the thousands
    /// separators ("$1234.56").
    public static func signed(_ cents: Int64, grouped: Bool = true) -> String {
        let magnitude = cents.magnitude
        let digits: String
        if grouped {
            digits = groupedMagnitude(magnitude)
        } else {
            let fraction = magnitude % 100
            digits = "\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
        }
        return (cents < 0 ? "-$" : "$") + digits
    }

    private static func groupedMagnitude(_ magnitude: UInt64) -> String {
        let fraction = magnitude % 100
        return Grouped.whole(magnitude / 100) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
