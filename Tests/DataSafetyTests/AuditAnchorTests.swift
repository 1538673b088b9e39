import Foundation
import GRDB
import SettleContracts
import SettleHost
import SwiftProtobuf
@testable import SettleModuleSDK
import XCTest

/// The audit chain anchored outside the store (periodically, at every backup, at every clean
/// stop; HMAC-keyed): `settle audit verify` catches a truncated chain and a re-chained one,
/// which the chain's own links cannot, and an edited anchor file.
final class AuditAnchorTests: XCTestCase {
    /// A host with a keyed anchor file outside its data folder, 8 customers created (a backup
    /// after the 5th), then stopped cleanly. Returns the data folder and the test's root.
    private func hostWithHistory() async throws -> (root: String, data: String, configure: (inout HostConfiguration) -> Void) {
        let root = SafetyHost.freshDirectory("da")
        try FileManager.default.createDirectory(atPath: root + "/keys", withIntermediateDirectories: true)
        try Data("an operator key of 32 bytes.....".utf8).write(to: URL(fileURLWithPath: root + "/keys/anchor.key"))
        let data = root + "/data"
        let configure: (inout HostConfiguration) -> Void = { configuration in
            configuration.dataSafety.anchorPath = root + "/keys/anchors.log"
            configuration.dataSafety.anchorKeyFile = root + "/keys/anchor.key"
            configuration.socketPath = root + "/s.sock"
        }
        let host = try await SafetyHost.start(directory: data, configure: configure)
        let accounts = host.client(AccountsV1.Client.self)
        for index in 1...8 {
            _ = try await accounts.createCustomer(StorageFaultTests.customer("anchored-\(index)"))
            if index == 5 { _ = try await host.host.backup(.with { $0.directory = root + "/backup" }) }
        }
        let intact = try await host.host.verifyAudit(.with { $0.module = "accounts" })
        XCTAssertTrue(intact.intact, intact.problem)
        XCTAssertTrue(intact.anchorsKeyed)
        await host.shutdown()
        return (root, data, configure)
    }

    private func verify(_ data: String, _ configure: (inout HostConfiguration) -> Void) async throws -> Settle_Host_V1_VerifyAuditResponse {
        let host = try await SafetyHost.start(directory: data, configure: configure)
        let response = try await host.host.verifyAudit(.with { $0.module = "accounts" })
        await host.shutdown()
        return response
    }

    /// Runs SQL on the stopped store as someone with the file would: triggers dropped first.
    private func tamper(_ data: String, _ body: (Database) throws -> Void) throws {
        let queue = try DatabaseQueue(path: data + "/accounts.sqlite")
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER settle_audit_log_no_update; DROP TRIGGER settle_audit_log_no_delete")
            try body(db)
        }
        try queue.close()
    }

    func testTruncatedChainIsCaughtByItsAnchors() async throws {
        let (root, data, configure) = try await hostWithHistory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let end = try await DatabaseQueue(path: data + "/accounts.sqlite").read { db in try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM settle_audit_log") ?? 0 }
        try tamper(data) { db in try db.execute(sql: "DELETE FROM settle_audit_log WHERE sequence > ?", arguments: [end - 2]) }
        // The chain's own links still hold: only the anchors can tell.
        let links = try await DatabaseQueue(path: data + "/accounts.sqlite").read { db in try AuditLog.verify(in: db) }
        XCTAssertTrue(links.intact)

        let response = try await verify(data, configure)
        XCTAssertFalse(response.intact)
        XCTAssertEqual(response.firstBrokenSequence, UInt64(end - 1))
        XCTAssertTrue(response.problem.hasPrefix("truncated:"), response.problem)
        XCTAssertTrue(response.problem.contains("records \(end - 1)–\(end) were removed"), response.problem)
        XCTAssertEqual(response.anchoredSequence, UInt64(end))
    }

    func testRechainedRecordIsCaughtByItsAnchors() async throws {
        let (root, data, configure) = try await hostWithHistory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Edit record 3 and re-hash it and every record after it: a valid chain again.
        try tamper(data) { db in
            try db.execute(sql: "UPDATE settle_audit_log SET \"after\" = '{\"name\":\"someone else\"}' WHERE sequence = 3")
            var previous = try String.fetchOne(db, sql: "SELECT hash FROM settle_audit_log WHERE sequence = 2") ?? ""
            for record in try AuditRecord.fetchAll(db, sql: "SELECT * FROM settle_audit_log WHERE sequence >= 3 ORDER BY sequence") {
                let hash = AuditRecord.chainHash(sequence: record.sequence, at: record.at, actor: record.actor, method: record.method, entity: record.entity,
                                                 before: record.before, after: record.after, reason: record.reason, prevHash: previous)
                try db.execute(sql: "UPDATE settle_audit_log SET prev_hash = ?, hash = ? WHERE sequence = ?", arguments: [previous, hash, Int64(record.sequence)])
                previous = hash
            }
        }
        let links = try await DatabaseQueue(path: data + "/accounts.sqlite").read { db in try AuditLog.verify(in: db) }
        XCTAssertTrue(links.intact, "the re-chained log is valid by its own links")

        let response = try await verify(data, configure)
        XCTAssertFalse(response.intact)
        XCTAssertTrue(response.problem.hasPrefix("re-chained:"), response.problem)
        XCTAssertGreaterThanOrEqual(response.firstBrokenSequence, 3)
    }

    func testEditedAnchorFileIsCaughtByItsKey() async throws {
        let (root, data, configure) = try await hostWithHistory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Rewrite the anchors to a shorter chain (as someone hiding a truncation would), without the key.
        let path = root + "/keys/anchors.log"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let edited = text.split(separator: "\n").map { line -> String in
            guard line.contains("\"module\":\"accounts\""), var object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return String(line) }
            object["sequence"] = 1
            return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? String(line)
        }.joined(separator: "\n") + "\n"
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let response = try await verify(data, configure)
        XCTAssertFalse(response.intact)
        XCTAssertTrue(response.problem.contains("MAC that does not match the anchor key"), response.problem)
    }

    func testRestoringABackupSupersedesLaterAnchorsAndVerifies() async throws {
        let (root, data, configure) = try await hostWithHistory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.removeItem(atPath: data + "/accounts.sqlite")
        try FileManager.default.copyItem(atPath: root + "/backup/accounts.sqlite", toPath: data + "/accounts.sqlite")
        let response = try await verify(data, configure)
        XCTAssertTrue(response.intact, response.problem)
        XCTAssertTrue(response.anchoredAt.hasSuffix("(restore)"), response.anchoredAt)
        let log = try String(contentsOfFile: root + "/keys/anchors.log", encoding: .utf8)
        XCTAssertEqual(log.split(separator: "\n").filter { $0.contains("\"why\":\"restore\"") && $0.contains("\"module\":\"accounts\"") }.count, 1)
    }
}
