import Foundation
import GRDB
import SettleClient
import SettleContracts
import XCTest

/// After SIGTERM every store is complete in its `.sqlite` file: the WAL was checkpointed and
/// truncated, so copying the `.sqlite` files alone copies everything.
final class CleanStopTests: XCTestCase {
    func testSIGTERMLeavesEachSQLiteFileComplete() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("settle-stop-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let host = try await SettledProcess(dataDirectory: data)
        let client = try await host.client()
        let accounts = client.client(AccountsV1.Client.self)
        var ids: [String] = []
        for index in 1...25 {
            var request = Settle_Accounts_V1_CreateCustomerRequest()
            request.idempotencyKey = "clean-stop-\(index)"
            request.kind = "person"
            request.name = "Customer \(index)"
            ids.append(try await accounts.createCustomer(request).customer.id)
        }
        await client.close()
        // While the host runs, the rows are in the WAL, not yet in the .sqlite file.
        let walWhileRunning = try FileManager.default.attributesOfItem(atPath: data + "/accounts.sqlite-wal")[.size] as? NSNumber
        XCTAssertGreaterThan(walWhileRunning?.intValue ?? 0, 0, "the test needs writes still in the WAL")

        let status = try await host.terminate()
        XCTAssertEqual(status, 0, host.log())

        let files = try FileManager.default.contentsOfDirectory(atPath: data)
        for wal in files where wal.hasSuffix("-wal") {
            let size = try FileManager.default.attributesOfItem(atPath: data + "/" + wal)[.size] as? NSNumber
            XCTAssertEqual(size?.intValue, 0, "\(wal) still holds data after a clean stop")
        }
        let stores = files.filter { $0.hasSuffix(".sqlite") }.sorted()
        XCTAssertEqual(stores, ["accounts.sqlite", "collections.sqlite", "metering.sqlite", "programs.sqlite", "rating.sqlite", "refunds.sqlite"])
        let copy = root + "/copy"
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        for store in stores { try FileManager.default.copyItem(atPath: data + "/" + store, toPath: copy + "/" + store) }

        let database = try DatabaseQueue(path: copy + "/accounts.sqlite")
        let (names, audited) = try await database.read { db in
            (try String.fetchAll(db, sql: "SELECT name FROM customer ORDER BY name"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM settle_audit_log WHERE method LIKE '%CreateCustomer'") ?? 0)
        }
        XCTAssertEqual(names, (1...25).map { "Customer \($0)" }.sorted())
        XCTAssertEqual(audited, 25)
        for store in stores {
            let queue = try DatabaseQueue(path: copy + "/" + store)
            let check = try await queue.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
            XCTAssertEqual(check, "ok", store)
            try queue.close()
        }
        try database.close()
    }
}
