import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleRPC

/// `settle reads import FILE`: streams a read file to the host, which validates every row.
struct ReadsImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a file of reads; rejected rows are listed with their line and reason.",
        discussion: """
            Formats are described in Plugins/Metering/README.md. Without --format, .xml files are \
            Green Button and CSV files are told apart by their header (a column only interval CSVs have, \
            such as start, interval_start or kwh, and none only register CSVs have, such as read_at, means intervals).
            All-or-nothing unless --accept-valid-rows: any rejected row commits nothing (exit 3).
            The default idempotency key is derived from the file's bytes, so importing the same \
            file twice imports nothing the second time.
            """)

    @Argument(help: "The file to import.") var file: String
    @Option(name: .long, help: "register-csv, interval-csv or greenbutton.") var format: String?
    @Flag(name: .long, help: "Commit the valid rows and report the rejected ones.") var acceptValidRows = false
    @Option(name: .long, help: "The meter a Green Button file's values belong to.") var meter: String?
    @Option(name: .long, help: "KiB of the file per message.") var chunkKib = 256
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
        let chosen = try format.map(Self.parseFormat) ?? Self.guessFormat(path: file, data: data)
        var options = Settle_Metering_V1_ImportOptions()
        options.format = chosen
        options.acceptValidRows = acceptValidRows
        options.sourceName = (file as NSString).lastPathComponent
        options.meterSerial = meter ?? ""
        let key = mutation.idempotencyKey ?? Self.contentKey(data, options: options)
        let importOptions = options
        let chunk = max(1, chunkKib) << 10
        let callOptions = mutation.callOptions(connection)
        let response = try await connection.withClient { client in
            try await client.client(MeteringV1.Client.self).importReads(options: callOptions) { writer in
                var first = Settle_Metering_V1_ImportReadsRequest()
                first.idempotencyKey = key
                first.options = importOptions
                try await writer.write(first)
                var offset = 0
                while offset < data.count {
                    var message = Settle_Metering_V1_ImportReadsRequest()
                    message.fileChunk = data.subdata(in: offset..<min(offset + chunk, data.count))
                    try await writer.write(message)
                    offset += chunk
                }
            }
        }
        if connection.json {
            try Output.message(response)
        } else {
            print(response.committed
                ? "imported \(response.registerReadsImported) register read(s) and \(response.intervalValuesImported) interval value(s) as \(response.importID)"
                : "nothing imported: \(response.rowsRejected) row(s) rejected (all-or-nothing; fix them or pass --accept-valid-rows)")
            if response.readRequestsFulfilled > 0 { print("fulfilled \(response.readRequestsFulfilled) read request(s)") }
            if !response.rejected.isEmpty {
                Output.table(["LINE", "REASON"], response.rejected.map { ["\($0.line)", $0.reason] })
                if response.rowsRejected > UInt64(response.rejected.count) {
                    print("… and \(response.rowsRejected - UInt64(response.rejected.count)) more")
                }
            }
            print("[idempotency key \(key)]")
        }
        if !response.committed { throw ExitCode(3) }
    }

    static func parseFormat(_ text: String) throws -> Settle_Metering_V1_ImportFormat {
        switch text.lowercased() {
        case "register-csv", "register": .registerCsv
        case "interval-csv", "interval": .intervalCsv
        case "greenbutton", "green-button", "espi": .greenButton
        default: throw ValidationError("--format must be register-csv, interval-csv or greenbutton, not '\(text)'")
        }
    }

    /// Header columns (and aliases) only an interval CSV has, and only a register CSV has, as
    /// Metering's README lists them; `meter`, `channel`, `value`, `timestamp` and `time` are both's.
    static let intervalOnlyColumns: Set<String> = ["start", "interval_start", "start_utc", "minutes", "interval_minutes", "length", "kwh", "flag", "quality", "status"]
    static let registerOnlyColumns: Set<String> = ["read_at", "date", "read_date", "read", "kind", "type", "read_kind"]

    /// `.xml` is Green Button; a CSV whose header has a column only interval CSVs have, and none
    /// only register CSVs have, is interval CSV; any other file is register CSV.
    static func guessFormat(path: String, data: Data) -> Settle_Metering_V1_ImportFormat {
        if path.lowercased().hasSuffix(".xml") { return .greenButton }
        let header = String(decoding: data.prefix(while: { $0 != UInt8(ascii: "\n") }), as: UTF8.self).lowercased()
        let columns = Set(header.split(separator: ",").map {
            $0.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"\u{FEFF}")))
        })
        return !columns.isDisjoint(with: intervalOnlyColumns) && columns.isDisjoint(with: registerOnlyColumns) ? .intervalCsv : .registerCsv
    }

    /// A key from the file's bytes and the import options (FNV-1a 64), so a re-run of the
    /// same import is recognised by the host.
    static func contentKey(_ data: Data, options: Settle_Metering_V1_ImportOptions) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return "file-\(String(hash, radix: 16))-\(data.count)-\(options.format.rawValue)\(options.acceptValidRows ? "a" : "")\(options.meterSerial)"
    }
}
