extension Dollars {
    /// Parses an amount a person or a payment file wrote — "12.34", "12.3", "12", "1,234.56",
    /// "$12.34" — into cents; nil for anything else: no binary floating point, at most two
    /// decimals, thousands separators only in groups of three, no sign (amounts entered are
    /// positive; what they do to a balance is the operation's), at most 13 whole digits.
    @inlinable
    public static func cents(_ text: some StringProtocol) -> Int64? {
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
}
