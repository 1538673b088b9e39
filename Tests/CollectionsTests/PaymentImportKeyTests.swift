import Foundation
import SettleContracts
import XCTest

/// A payment file is one import whatever its batching: batch keys come from the file and the
/// lines a batch holds, a retried batch reports its rows as already posted, and another
/// batching of the same file is never refused.
final class PaymentImportKeyTests: XCTestCase {
    private func batches(_ rows: [String], size: Int, fileKey: String) -> [(key: String, csv: String, firstLine: UInt32)] {
        stride(from: 0, to: rows.count, by: size).map { start in
            let end = min(start + size, rows.count)
            return ("\(fileKey):\(start + 1)-\(end)", rows[start..<end].joined(separator: "\n"), UInt32(start + 1))
        }
    }

    func testARetriedBatchReportsItsRowsAsAlreadyPosted() async throws {
        try await withCollectionsHost { host in
            try await host.post((1...3).map { charge("B-\($0)", account: String(100_000 + $0), agreement: UInt64($0), cents: 5_000, billDate: "2025-01-01", dueDate: "2025-01-21") })
            let csv = (1...3).map { "\(100_000 + $0),50.00,2025-01-10,LB-\($0)" }.joined(separator: "\n")
            let first = try await host.importPayments(csv, key: "payments-f00d-3:1-3")
            XCTAssertEqual(first.posted, 3)
            XCTAssertEqual(first.postedCents, 15_000)
            XCTAssertEqual(first.alreadyPosted, 0)
            XCTAssertEqual(first.idempotencyKey, "payments-f00d-3:1-3")
            // The same call again (the client never saw the answer): nothing is posted by it.
            let retried = try await host.importPayments(csv, key: "payments-f00d-3:1-3")
            XCTAssertEqual(retried.posted, 0)
            XCTAssertEqual(retried.postedCents, 0)
            XCTAssertEqual(retried.alreadyPosted, 3)
            XCTAssertEqual(retried.alreadyPostedCents, 15_000)
            XCTAssertEqual(retried.idempotencyKey, "payments-f00d-3:1-3")
            let check = try await host.checkLedger()
            XCTAssertEqual(check.byKindCents["payment"], -15_000)
        }
    }

    func testAnotherBatchingOfTheSameFileIsTheSameImport() async throws {
        try await withCollectionsHost { host in
            try await host.post((1...6).map { charge("B-\($0)", account: String(100_000 + $0), agreement: UInt64($0), cents: 5_000, billDate: "2025-01-01", dueDate: "2025-01-21") })
            let rows = (1...6).map { "\(100_000 + $0),50.00,2025-01-10,LB-\($0)" }
            // Batches of 3: only the first went through before the crash.
            let byThree = batches(rows, size: 3, fileKey: "payments-beef-6")
            let first = try await host.importPayments(byThree[0].csv, key: byThree[0].key, firstLine: byThree[0].firstLine)
            XCTAssertEqual(first.posted, 3)
            // Re-run with batches of 2: no key is refused, each row posts once.
            var posted: UInt32 = 0
            var already: UInt32 = 0
            var cents: Int64 = 0
            for batch in batches(rows, size: 2, fileKey: "payments-beef-6") {
                let response = try await host.importPayments(batch.csv, key: batch.key, firstLine: batch.firstLine)
                XCTAssertTrue(response.rejected.isEmpty, "\(response.rejected)")
                posted += response.posted
                already += response.alreadyPosted
                cents += response.postedCents
            }
            XCTAssertEqual(posted, 3)
            XCTAssertEqual(already, 3)
            XCTAssertEqual(cents, 15_000)
            // And the original batching once more: everything replays or is already posted.
            for batch in byThree {
                let response = try await host.importPayments(batch.csv, key: batch.key, firstLine: batch.firstLine)
                XCTAssertEqual(response.posted, 0)
                XCTAssertEqual(response.alreadyPosted, 3)
            }
            let check = try await host.checkLedger()
            XCTAssertEqual(check.byKindCents["payment"], -30_000)
            XCTAssertEqual(check.sumOfEntriesCents, 0)
        }
    }
}
