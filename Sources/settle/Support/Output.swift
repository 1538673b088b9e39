import Foundation
import SettleRPC

/// How `settle` prints: aligned tables for people, protobuf-JSON for scripts.
enum Output {
    static func table(_ headers: [String], _ rows: [[String]]) {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        print(line(headers))
        print(line(widths.map { String(repeating: "-", count: $0) }))
        for row in rows { print(line(row)) }
    }

    /// Prints a JSON object with every key present, defaults included, in a stable order,
    /// so scripts can rely on `intact: false` or `count: 0` being there.
    static func json(_ object: Any) {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard JSONSerialization.isValidJSONObject(object),
              let data = try? JSONSerialization.data(withJSONObject: object, options: options) else {
            print("{}")
            return
        }
        print(String(decoding: data, as: UTF8.self))
    }

    static func error(_ error: RPCError) {
        FileHandle.standardError.write(Data("settle: \(error.code.name): \(error.message)\n".utf8))
    }
}
