/// A JSON value whose numbers stay as the text they were written as.
///
/// URDB rates such as 0.10653 must reach the tariff exactly; a general JSON decoder turns
/// them into binary doubles first, so this small parser keeps the digits.
indirect enum ExactJSON: Sendable {
    case object([(key: String, value: ExactJSON)])
    case array([ExactJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    subscript(key: String) -> ExactJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    var array: [ExactJSON]? { if case .array(let items) = self { items } else { nil } }
    var string: String? { if case .string(let text) = self { text } else { nil } }
    /// A number's text, or a string's (URDB sometimes quotes numbers).
    var numberText: String? {
        switch self {
        case .number(let text): text
        case .string(let text): text
        default: nil
        }
    }
    var isNull: Bool { if case .null = self { true } else { false } }

    struct ParseError: Error {
        let offset: Int
        let message: String
    }

    static func parse(_ bytes: [UInt8]) throws(ParseError) -> ExactJSON {
        var parser = Parser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == bytes.count else { throw ParseError(offset: parser.index, message: "unexpected text after the JSON value") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, [32, 9, 10, 13].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(ParseError) {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else {
                throw ParseError(offset: index, message: "expected '\(Character(Unicode.Scalar(byte)))'")
            }
            index += 1
        }

        mutating func value(depth: Int) throws(ParseError) -> ExactJSON {
            guard depth < 64 else { throw ParseError(offset: index, message: "nested too deeply") }
            skipSpace()
            guard index < bytes.count else { throw ParseError(offset: index, message: "unexpected end of the document") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [(key: String, value: ExactJSON)] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                while true {
                    skipSpace()
                    let key = try string()
                    try expect(UInt8(ascii: ":"))
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard index < bytes.count else { throw ParseError(offset: index, message: "unterminated object") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    try expect(UInt8(ascii: "}"))
                    return .object(members)
                }
            case UInt8(ascii: "["):
                index += 1
                var items: [ExactJSON] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard index < bytes.count else { throw ParseError(offset: index, message: "unterminated array") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    try expect(UInt8(ascii: "]"))
                    return .array(items)
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default:
                let start = index
                while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
                guard index > start else { throw ParseError(offset: index, message: "unexpected character") }
                return .number(String(decoding: bytes[start..<index], as: UTF8.self))
            }
        }

        mutating func literal(_ word: String, _ value: ExactJSON) throws(ParseError) -> ExactJSON {
            let utf8 = Array(word.utf8)
            guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else {
                throw ParseError(offset: index, message: "unexpected character")
            }
            index += utf8.count
            return value
        }

        mutating func string() throws(ParseError) -> String {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw ParseError(offset: index, message: "expected a string") }
            index += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars); raw.removeAll() }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { flush(); return String(scalars) }
                if byte != UInt8(ascii: "\\") { raw.append(byte); continue }
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                flush()
                switch escape {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{8}")
                case UInt8(ascii: "f"): scalars.append("\u{c}")
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
                        throw ParseError(offset: index, message: "bad \\u escape")
                    }
                    index += 4
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: scalars.append(Unicode.Scalar(escape))
                }
            }
            throw ParseError(offset: index, message: "unterminated string")
        }
    }
}
