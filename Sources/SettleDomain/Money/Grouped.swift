/// Whole numbers with thousands separators ("1,234,567"), the way ``Dollars`` writes its
/// dollars, so the counts and the amounts beside them in a summary read alike.
public enum Grouped {
    /// 1234567 → "1,234,567", -1200 → "-1,200", 999 → "999".
    public static func whole<Value: BinaryInteger>(_ value: Value) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        grouped.reserveCapacity(digits.utf8.count + digits.utf8.count / 3 + 1)
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.utf8.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }
}
