import ArgumentParser
import Foundation
import SettleDomain

/// What the collections subcommands share: dollar options, file batching, content keys.
enum CollectionsFormat {
    /// An option's dollar amount in cents, or a usage error naming the option; `signed` allows a
    /// leading minus.
    static func amount(_ text: String, option: String, signed: Bool = false) throws -> Int64 {
        let negative = signed && text.hasPrefix("-")
        guard let cents = Dollars.cents(negative ? String(text.dropFirst()) : text) else {
            throw ValidationError("\(option) '\(text)' is not dollars like \(signed ? "-12.50 or " : "")125.00")
        }
        return negative ? -cents : cents
    }

    /// The file cut into batches of `rows` lines, each with its first line's number. Lines are
    /// cut on the line feed byte, so CRLF files (`\r\n` is one Swift Character) are cut too.
    static func batches(_ text: String, rows: Int) -> [(text: String, firstLine: UInt32)] {
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
        var result: [(String, UInt32)] = []
        var start = 0
        while start < lines.count {
            let end = min(start + rows, lines.count)
            let chunk = lines[start..<end].joined(separator: "\n")
            if !chunk.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { result.append((chunk, UInt32(start + 1))) }
            start = end
        }
        return result
    }

    /// A key from the file's bytes (FNV-1a 64 and length).
    /// A payment-file batch's key: the file's key and the lines it holds, so it does not
    /// depend on how the file was cut into batches.
    static func batchKey(_ fileKey: String, _ batch: (text: String, firstLine: UInt32)) -> String {
        let lines = UInt32(batch.text.utf8.lazy.filter { $0 == UInt8(ascii: "\n") }.count)
        return "\(fileKey):\(batch.firstLine)-\(batch.firstLine + lines)"
    }

    static func contentKey(_ data: Data) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return "payments-\(String(hash, radix: 16))-\(data.count)"
    }
}
