/// Splits a file arriving in chunks into numbered lines, and lines into fields.
///
/// Lines end in LF or CRLF; a chunk may end mid-line (the rest waits for the next chunk).
/// Fields are comma-separated and may be double-quoted ("" is a quote inside quotes).
import Foundation

struct CSVLines {
    private var carry: [UInt8] = []
    private(set) var lineNumber: UInt32 = 0

    /// Feeds a chunk; returns each complete line (without its line ending) with its number.
    mutating func feed(_ chunk: some Collection<UInt8>) -> [(number: UInt32, line: ArraySlice<UInt8>)] {
        var lines: [(number: UInt32, line: ArraySlice<UInt8>)] = []
        var bytes = carry
        bytes.append(contentsOf: chunk)
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                lineNumber += 1
                var end = index
                if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                lines.append((lineNumber, bytes[start..<end]))
                start = index + 1
            }
            index += 1
        }
        carry = Array(bytes[start...])
        return lines
    }

    /// Emits the last line when the file does not end in a newline.
    mutating func finish() -> (number: UInt32, line: ArraySlice<UInt8>)? {
        guard !carry.isEmpty else { return nil }
        lineNumber += 1
        var end = carry.count
        if carry[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        defer { carry = [] }
        return (lineNumber, carry[0..<end])
    }

    /// The fields of one line, trimmed of surrounding spaces; nil for an unterminated quote.
    static func fields(_ line: ArraySlice<UInt8>) -> [Substring]? {
        var fields: [Substring] = []
        var current: [UInt8] = []
        var quoted = false
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < line.endIndex, line[index + 1] == UInt8(ascii: "\"") {
                        current.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") {
                quoted = true
            } else if byte == UInt8(ascii: ",") {
                fields.append(Substring(String(decoding: current, as: UTF8.self).trimmingWhitespace))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
            index += 1
        }
        guard !quoted else { return nil }
        fields.append(Substring(String(decoding: current, as: UTF8.self).trimmingWhitespace))
        return fields
    }

    /// Whether a line holds nothing but spaces or commas (skipped, not rejected).
    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\t") }
    }
}

/// A CSV header: which column holds which field, found by name so columns may come in any order.
struct CSVHeader {
    private var columns: [String: Int] = [:]

    /// Reads the header line; `aliases` maps each field to the names it may go by.
    init(fields: [Substring], aliases: [String: [String]]) {
        for (index, raw) in fields.enumerated() {
            let name = raw.lowercased().replacingOccurrences(of: " ", with: "_")
            for (field, names) in aliases where names.contains(name) && columns[field] == nil {
                columns[field] = index
            }
        }
    }

    func index(_ field: String) -> Int? { columns[field] }

    /// The required fields the header lacks.
    func missing(_ required: [String]) -> [String] { required.filter { columns[$0] == nil } }

    func value(_ field: String, in fields: [Substring]) -> Substring {
        guard let index = columns[field], index < fields.count else { return "" }
        return fields[index]
    }
}
