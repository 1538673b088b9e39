@testable import SettleMetering
import SettleContracts
import SettleDomain
import SettleRPC
import SettleTestSupport
import XCTest

/// Register read import: per-row validation with line numbers, all-or-nothing by default,
/// accept-valid-rows on request, and a retried key importing nothing twice.
final class RegisterImportTests: XCTestCase {
    private func prepared(_ body: (MeteringHost) async throws -> Void) async throws {
        try await withMeteringHost { host in
            try await host.ready("E100", premise: "P1", installed: "2024-01-01", dials: 4)
            try await host.ready("E200", premise: "P2", installed: "2024-01-01", dials: 5)
            try await body(host)
        }
    }

    func testBadRowsAreReportedWithLineNumbersAndNothingIsImported() async throws {
        try await prepared { host in
            let csv = """
                meter,channel,read_at,value,kind
                E100,kwh_delivered,2024-02-01,1200,actual
                E999,kwh_delivered,2024-02-01,1200,actual
                E100,kwh_delivered,2024-02-xx,1300,actual
                E100,kwh_delivered,2024-03-01,12.5,actual
                E100,kwh_delivered,2024-03-01,123456,actual
                E200,kwh_delivered,2023-12-01,500,actual
                E200,kvarh,2024-02-01,10,actual
                E200,kwh_delivered,2024-02-01,800,sometimes
                E200,,2024-02-01T09:30,800,
                E200,kwh_delivered,2024-02-01T09:30,801,actual

                """
            let response = try await host.importFile(csv, format: .registerCsv)
            XCTAssertFalse(response.committed)
            XCTAssertEqual(response.registerReadsImported, 0)
            XCTAssertEqual(response.rowsRejected, 8)
            let byLine = Dictionary(uniqueKeysWithValues: response.rejected.map { ($0.line, $0.reason) })
            XCTAssertEqual(Set(byLine.keys), [3, 4, 5, 6, 7, 8, 9, 11])
            XCTAssertTrue(byLine[3]?.contains("unknown meter 'E999'") == true)
            XCTAssertTrue(byLine[4]?.contains("read_at") == true)
            XCTAssertTrue(byLine[5]?.contains("not a whole register reading") == true)
            XCTAssertTrue(byLine[6]?.contains("4 dials") == true)
            XCTAssertTrue(byLine[7]?.contains("install period") == true)
            XCTAssertTrue(byLine[8]?.contains("no kvarh channel") == true)
            XCTAssertTrue(byLine[9]?.contains("kind") == true)
            XCTAssertTrue(byLine[11]?.contains("duplicate") == true && byLine[11]?.contains("line 10") == true)
            let reads = try await host.reads("E100")
            XCTAssertEqual(reads.map(\.kind), [.install], "nothing but the install read")
        }
    }

    func testAcceptValidRowsCommitsTheGoodOnes() async throws {
        try await prepared { host in
            let csv = "meter,read_at,value\nE100,2024-02-01,1200\nE100,2024-02-31,1\nE200,2024-02-01,800\n"
            let response = try await host.importFile(csv, format: .registerCsv, acceptValidRows: true)
            XCTAssertTrue(response.committed)
            XCTAssertEqual(response.registerReadsImported, 2)
            XCTAssertEqual(response.rejected.map(\.line), [3])
            let reads = try await host.reads("E100")
            XCTAssertEqual(reads.last?.value, 1200)
            XCTAssertEqual(reads.last?.readDate, "2024-02-01")
        }
    }

    /// Excel's "CSV UTF-8" starts the file with a byte-order mark; the header's first column
    /// is still `meter`, and every row imports.
    func testAFileStartingWithAByteOrderMarkImports() async throws {
        try await prepared { host in
            let csv = "\u{FEFF}meter,read_at,value\nE100,2024-02-01,1200\nE200,2024-02-01,800\n"
            let response = try await host.importFile(csv, format: .registerCsv)
            XCTAssertTrue(response.committed, "\(response.rejected.map(\.reason))")
            XCTAssertEqual(response.registerReadsImported, 2)
            let reads = try await host.reads("E100")
            XCTAssertEqual(reads.last?.value, 1200)
        }
    }

    /// A refused time is named as a person reads it, not as epoch seconds.
    func testAReadInTheFutureIsRefusedNamingItsTime() async throws {
        try await prepared { host in
            let response = try await host.importFile("meter,read_at,value\nE100,2099-01-01T12:00Z,1200\n", format: .registerCsv)
            XCTAssertFalse(response.committed)
            XCTAssertEqual(response.rejected.map(\.reason), ["read time 2099-01-01T12:00:00Z is in the future"])
        }
    }

    func testRetriedImportImportsNothingTwice() async throws {
        try await prepared { host in
            let csv = "meter,read_at,value\nE100,2024-02-01,1200\nE200,2024-02-01,800\n"
            let first = try await host.importFile(csv, format: .registerCsv, key: "file-2024-02")
            let retry = try await host.importFile(csv, format: .registerCsv, key: "file-2024-02", chunkSize: 7)
            XCTAssertEqual(first, retry)
            XCTAssertEqual(first.registerReadsImported, 2)
            let reads = try await host.reads("E100")
            XCTAssertEqual(reads.count, 2)

            // The same key with different content is refused.
            await assertRPCError(.failedPrecondition) {
                try await host.importFile(csv + "E100,2024-03-01,1300\n", format: .registerCsv, key: "file-2024-02")
            }
            // The same rows under a new key are duplicates of what is stored.
            let again = try await host.importFile(csv, format: .registerCsv)
            XCTAssertFalse(again.committed)
            XCTAssertEqual(again.rowsRejected, 2)
            XCTAssertTrue(again.rejected[0].reason.contains("already has a read"))
        }
    }

    func testTypedRowsStreamInBatches() async throws {
        try await prepared { host in
            let calendar = host.calendar
            let start = calendar.startOfDay(LocalDate("2024-02-01")!)
            let response = try await host.client.importReads { writer in
                for batch in 0..<3 {
                    var message = Settle_Metering_V1_ImportReadsRequest()
                    if batch == 0 { message.idempotencyKey = "typed" }
                    for day in 0..<10 {
                        var read = Settle_Metering_V1_RegisterRead()
                        read.meterSerial = "E200"
                        read.readAtUtc = start + Int64(batch * 10 + day) * 86_400
                        read.value = Int64(batch * 10 + day) * 30
                        message.registerReads.append(read)
                    }
                    try await writer.write(message)
                }
            }
            XCTAssertTrue(response.committed)
            XCTAssertEqual(response.registerReadsImported, 30)
        }
    }

    func testAnImportWithoutAKeyIsRefused() async throws {
        try await prepared { host in
            await assertRPCError(.invalidArgument) {
                try await host.client.importReads { writer in
                    var message = Settle_Metering_V1_ImportReadsRequest()
                    message.options.format = .registerCsv
                    message.fileChunk = Data("meter,read_at,value\n".utf8)
                    try await writer.write(message)
                }
            }
        }
    }

    func testCSVLinesSplitAcrossChunks() {
        var lines = CSVLines()
        var seen: [(UInt32, String)] = []
        for chunk in ["a,b\r\nc,", "d\ne", ",\"f,g\"\n", "h"] {
            for (number, line) in lines.feed(Array(chunk.utf8)) { seen.append((number, String(decoding: line, as: UTF8.self))) }
        }
        if let last = lines.finish() { seen.append((last.number, String(decoding: last.line, as: UTF8.self))) }
        XCTAssertEqual(seen.map(\.0), [1, 2, 3, 4])
        XCTAssertEqual(seen.map(\.1), ["a,b", "c,d", "e,\"f,g\"", "h"])
        XCTAssertEqual(CSVLines.fields(Array("e,\"f,g\",\"say \"\"hi\"\"\"".utf8)[...])?.map(String.init), ["e", "f,g", "say \"hi\""])
    }
}
