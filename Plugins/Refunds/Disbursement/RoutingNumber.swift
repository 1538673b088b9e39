/// An ABA routing transit number: nine digits whose weighted sum (3, 7, 1 repeating) is a
/// multiple of 10. The NACHA entry hash adds its first eight digits (the bank's id).
enum RoutingNumber {
    static func isValid(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        guard text.count == 9, digits.count == 9 else { return false }
        let weights = [3, 7, 1, 3, 7, 1, 3, 7, 1]
        return zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 10 == 0
    }

    /// The first eight digits, as the entry hash counts them.
    static func bankID(_ text: String) -> UInt64 { UInt64(text.prefix(8)) ?? 0 }
}
