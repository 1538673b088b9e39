/// JSON string literals written by hand, for audit records built in bulk.
///
/// A billing batch audits a thousand bills in one record; building that record through
/// `JSONSerialization` (boxed dictionaries, sorted keys) cost more than rating the bills,
/// and inside a write transaction it held every other writer of the store back. Codes, ids
/// and reasons are written straight into the text instead, escaped here.
public enum JSONText {
    /// `text` as a quoted JSON string: `"`, `\` and control characters escaped.
    public static func quoted(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else { return "\"" + text + "\"" }
        var result = "\""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
