import Foundation
import SwiftProtobuf

/// Answers printed for scripts, the same way by every command: protobuf-JSON with the
/// contract's snake_case names and cents as JSON numbers (not the strings protobuf-JSON uses
/// for 64-bit integers), so `jq '.total_cents'` adds them up exactly.
extension Output {
    /// Prints `message` pretty, with sorted keys; fields at their default (0, "", false,
    /// empty) are left out, as protobuf-JSON does.
    static func message(_ message: some SwiftProtobuf.Message) throws {
        let data = try message.jsonUTF8Data(options: jsonOptions)
        json(try JSONSerialization.jsonObject(with: data))
    }

    /// `message` on one line, for a stream of pages or rows printed one JSON object a line.
    static func compactJSON(_ message: some SwiftProtobuf.Message) throws -> String {
        try message.jsonString(options: jsonOptions)
    }

    private static var jsonOptions: JSONEncodingOptions {
        var options = JSONEncodingOptions()
        options.alwaysPrintInt64sAsNumbers = true
        options.preserveProtoFieldNames = true
        return options
    }
}
