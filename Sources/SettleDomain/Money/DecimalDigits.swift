/// The digits of an unsigned decimal ("12.345") as an integer count of 10^-`scale` units,
/// for `Micros` and `Thousandths`, which differ only in their scale, their limits and how
/// they treat spaces and signs.
@usableFromInline
enum DecimalDigits {
    /// `bytes` without the spaces and tabs before and the spaces, tabs and carriage return
    /// after (a CSV field, a typed value).
    @inlinable
    static func trimmed<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> Bytes.SubSequence {
        var bytes = bytes[...]
        while let first = bytes.first, first == 32 || first == 9 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 32 || last == 9 || last == 13 { bytes = bytes.dropLast() }
        return bytes
    }

    /// nil for anything but digits with at most one point, at least one digit, at most
    /// `maxWholeDigits` before the point and `maxDecimals` after it; digits beyond
    /// `maxDecimals` round half away from zero when `roundExtra`, else refuse the text.
    @inlinable
    static func scaled(_ bytes: some Collection<UInt8>, scale: Int, maxDecimals: Int, maxWholeDigits: Int, roundExtra: Bool) -> Int64? {
        var whole: Int64 = 0
        var wholeDigits = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var roundUp = false
        var seenPoint = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int64(byte - UInt8(ascii: "0"))
            if seenPoint {
                if fractionDigits < maxDecimals {
                    fraction = fraction * 10 + digit
                    fractionDigits += 1
                } else {
                    guard roundExtra else { return nil }
                    if fractionDigits == maxDecimals { roundUp = digit >= 5; fractionDigits += 1 }
                }
            } else {
                wholeDigits += 1
                guard wholeDigits <= maxWholeDigits else { return nil }
                whole = whole * 10 + digit
            }
        }
        guard wholeDigits > 0 || fractionDigits > 0 else { return nil }
        var unit: Int64 = 1
        for _ in 0..<scale { unit *= 10 }
        for _ in min(fractionDigits, maxDecimals)..<scale { fraction *= 10 }
        return whole * unit + fraction + (roundUp ? 1 : 0)
    }
}
