/// Gallon figures as a bill or a listing prints them.
enum GallonText {
    /// Whole gallons with thousands separators: 14960 → "14,960".
    static func gallons(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Thousandths of a gallon, rounded half up to whole gallons.
    static func wholeGallons(_ thousandths: Int64) -> Int64 { divideHalfUp(thousandths, 1_000) }

    /// "166.667" for 166,667 thousandths.
    static func thousandths(_ value: Int64) -> String {
        let whole = value.magnitude / 1_000, fraction = value.magnitude % 1_000
        let padded = String(fraction)
        return (value < 0 ? "-" : "") + gallons(Int64(whole)) + "." + String(repeating: "0", count: 3 - padded.count) + padded
    }

    /// `numerator / denominator` rounded half away from zero (denominator > 0).
    static func divideHalfUp(_ numerator: Int64, _ denominator: Int64) -> Int64 {
        let quotient = numerator / denominator, remainder = numerator % denominator
        guard remainder.magnitude * 2 >= denominator.magnitude else { return quotient }
        return numerator < 0 ? quotient - 1 : quotient + 1
    }
}
