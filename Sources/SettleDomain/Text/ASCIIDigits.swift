/// The value of a run of ASCII digits, read byte by byte: dates, UTC stamps and the times in
/// read files are parsed this way, not with `Int(_:)`, which would take a sign and cost a
/// string per field.
public enum ASCIIDigits {
    /// The number `bytes` spell, or nil when any byte is not `0`–`9`.
    public static func value(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
