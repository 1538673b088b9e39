/// Dollar amounts as written in payment files, parsed exactly into integer cents.
enum Money {
    /// The largest amount (either sign) any one entry, payment, dispute, hold, pledge or
    /// arrangement may carry: one billion dollars. Far beyond a utility account's, and small
    /// enough that summing a ledger of them can never overflow 64 bits.
    static let maximumCents: Int64 = 100_000_000_000

    /// Parses "12.34", "12.3", "12", "1,234.56" or "$12.34" into cents; nil for anything else
    /// (no binary floating point, no more than two decimals, no sign: payments are positive).
    static func cents(_ text: some StringProtocol) -> Int64? {
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenDot = false
        var digits = 0
        // Thousands separators: a first group of 1–3 digits, then groups of exactly 3.
        var groupDigits = 0
        var seenComma = false
        var bytes = Substring(text).utf8[...]
        while let first = bytes.first, first == UInt8(ascii: " ") { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == UInt8(ascii: " ") { bytes = bytes.dropLast() }
        if bytes.first == UInt8(ascii: "$") { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty else { return nil }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int64(byte - UInt8(ascii: "0"))
                if seenDot {
                    fractionDigits += 1
                    guard fractionDigits <= 2 else { return nil }
                    fraction = fraction * 10 + digit
                } else {
                    digits += 1
                    groupDigits += 1
                    guard digits <= 13 else { return nil }
                    whole = whole * 10 + digit
                }
            case UInt8(ascii: "."):
                guard !seenDot, !seenComma || groupDigits == 3 else { return nil }
                seenDot = true
            case UInt8(ascii: ","):
                guard !seenDot, seenComma ? groupDigits == 3 : (1...3).contains(groupDigits) else { return nil }
                seenComma = true
                groupDigits = 0
            default:
                return nil
            }
        }
        guard digits > 0 || fractionDigits > 0 else { return nil }
        if seenComma, !seenDot, groupDigits != 3 { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        return whole * 100 + fraction
    }

    /// "-1,234.56" style text for messages and audit records.
    static func text(_ cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `amount × basisPoints / 10,000`, rounded half-up, exactly (in 128 bits, so no product
    /// of an amount and a rate can overflow; the result saturates at the 64-bit range).
    static func percent(_ amount: Int64, basisPoints: Int64) -> Int64 {
        divide(Int128(amount) * Int128(basisPoints), by: 10_000)
    }

    /// `amount × numerator / denominator` (a share of an amount by days), rounded half-up, exactly.
    static func share(_ amount: Int64, numerator: Int64, denominator: Int64) -> Int64 {
        divide(Int128(amount) * Int128(numerator), by: Int128(denominator))
    }

    /// `numerator / denominator` (denominator > 0) rounded half-up, clamped to `Int64`.
    static func divide(_ numerator: Int128, by denominator: Int128) -> Int64 {
        let half = denominator / 2
        let rounded = (numerator + (numerator >= 0 ? half : -half)) / denominator
        return Int64(clamping: rounded)
    }
}
