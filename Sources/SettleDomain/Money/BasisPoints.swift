/// Basis points (hundredths of a percent) as the percent text a person reads.
///
/// A budget plan's drift and its threshold are kept in basis points, and both the Programs
/// module (the reason written on a bill) and the CLI (plan listings, the policy) print them;
/// one function keeps the bill's sentence and the table alike. Integer arithmetic only.
public enum BasisPoints {
    /// 1,250 → "12.5 %", -950 → "-9.5 %", 3,461 → "34.6 %": one decimal, further digits
    /// dropped (toward zero), as plans and bills have always shown them.
    public static func percent(_ basisPoints: Int64) -> String {
        let magnitude = basisPoints.magnitude
        return "\(basisPoints < 0 ? "-" : "")\(magnitude / 100).\(magnitude % 100 / 10) %"
    }
}
