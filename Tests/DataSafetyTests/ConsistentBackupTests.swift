import Foundation
import GRDB
import SettleContracts
import SettleHost
import SettleRPC
import SwiftProtobuf
import XCTest

/// Backups taken at many points of a billing run and a payment import, all at one point in
/// time across modules: each one, checked as written and restored into a host, is consistent.
final class ConsistentBackupTests: XCTestCase {
    static let accounts = 160

    func testBackupsDuringABillingRunAndAPaymentImportAreEachConsistentWhenRestored() async throws {
        let host = try await SafetyHost.start()
        let root = host.directory
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cycle = BillingCycle(host: host, count: Self.accounts)
        let numbers = try await cycle.load()
        let hostClient = host.host
        let collections = host.client(CollectionsV1.Client.self)

        let before = try await hostClient.backup(.with { $0.directory = root + "-backup-before"; $0.verify = true })
        XCTAssertTrue(before.check.consistent)

        // The billing run (4 agreements a batch: rate, store, post to Collections, mark
        // posted) and a payment file (20 rows a call) while backups are taken back to back.
        let done = Counter()
        // The payment file waits (at most 5 s) for a backup after each of its first calls, so
        // backups fall inside it however fast this machine runs the calls.
        let backupsTaken = Counter()
        let billing = Task {
            defer { done.increment() }
            return try await cycle.run(batchSize: 4)
        }
        let payments = Task {
            defer { done.increment() }
            var posted: UInt32 = 0
            for start in stride(from: 0, to: numbers.count, by: 20) {
                let rows = (start..<min(start + 20, numbers.count)).map { "\(numbers[$0]),25.00,2024-05-20,DS-PAY-\($0)" }
                let response = try await collections.importPayments(.with {
                    $0.idempotencyKey = "ds-payments:\(start + 1)-\(start + rows.count)"
                    $0.fileName = "ds-payments.csv"
                    $0.csv = rows.joined(separator: "\n")
                    $0.firstLine = UInt32(start + 1)
                })
                XCTAssertEqual(response.rejected.count, 0, response.rejected.first?.reason ?? "")
                posted += response.posted
                let call = start / 20
                if call < 4 {
                    let waitUntil = ContinuousClock.now + .seconds(5)
                    while backupsTaken.value <= call + 1, ContinuousClock.now < waitUntil { try await Task.sleep(for: .milliseconds(5)) }
                }
            }
            return posted
        }
        var backups: [String] = []
        repeat {
            let directory = "\(root)-backup-\(backups.count)"
            // Every third one verified as written; all of them are restored below.
            let verify = backups.count % 3 == 0
            let response = try await hostClient.backup(.with { $0.directory = directory; $0.verify = verify })
            XCTAssertTrue(!verify || response.check.consistent, "backup \(backups.count): \(response.check.references.filter { $0.missing + $0.differing > 0 })")
            XCTAssertEqual(response.files.map(\.module).sorted(), ["accounts", "collections", "metering", "programs", "rating", "refunds"])
            XCTAssertLessThan(response.writesHeldMicros, 2_000_000)
            backups.append(directory)
            backupsTaken.increment()
        } while done.value < 2 && backups.count < 200
        let last = try await billing.value
        XCTAssertEqual(Int(last.billed), Self.accounts)
        let paid = try await payments.value
        XCTAssertEqual(paid, UInt32(Self.accounts))
        let after = try await hostClient.backup(.with { $0.directory = root + "-backup-after"; $0.verify = true })
        XCTAssertTrue(after.check.consistent)
        backups.append(root + "-backup-after")
        await host.shutdown()

        // Points inside the run: some backups hold part of the bills and part of the payments.
        var partial = 0
        for directory in backups {
            let (posted, issued, charges, paid) = try Self.counts(directory)
            // Issued, then charged, then marked posted: every cut lies between the steps.
            XCTAssertLessThanOrEqual(posted, charges, directory)
            XCTAssertLessThanOrEqual(charges, issued, directory)
            if charges > 0 && charges < Self.accounts || paid > 0 && paid < Self.accounts { partial += 1 }
        }
        XCTAssertGreaterThanOrEqual(partial, 2, "no backup fell inside the run; \(backups.count) backups")

        // Restore each: copy only its .sqlite files into a new data folder and start a host there.
        for directory in backups {
            let restored = SafetyHost.freshDirectory("dr")
            try FileManager.default.createDirectory(atPath: restored, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: restored) }
            for module in ["accounts", "collections", "metering", "programs", "rating", "refunds"] {
                try FileManager.default.copyItem(atPath: "\(directory)/\(module).sqlite", toPath: "\(restored)/\(module).sqlite")
            }
            let again = try await SafetyHost.start(directory: restored)
            let health = try await again.host.health(.init())
            XCTAssertTrue(health.startupCheck.consistent, "\(directory) restored: \(health.startupCheck.references)")
            XCTAssertEqual(health.startupCheck.references.map(\.reference), ["settle.accounts/account", "settle.collections/bill-charge", "settle.rating/bill"])
            XCTAssertEqual(health.status, "SERVING")
            let live = try await again.host.checkConsistency(.init())
            XCTAssertTrue(live.consistent)
            await again.shutdown()
        }

        // The check can fail: Rating's copy from after the run beside Collections' from before
        // it — the sequential backup — is every posted bill without its charge.
        let mixed = SafetyHost.freshDirectory("dm")
        try FileManager.default.createDirectory(atPath: mixed, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: mixed) }
        for (module, from) in [("accounts", "after"), ("metering", "after"), ("rating", "after"), ("collections", "before")] {
            try FileManager.default.copyItem(atPath: "\(root)-backup-\(from)/\(module).sqlite", toPath: "\(mixed)/\(module).sqlite")
        }
        let broken = try await SafetyHost.start(directory: mixed)
        let health = try await broken.host.health(.init())
        XCTAssertEqual(health.status, "NOT_SERVING")
        XCTAssertFalse(health.startupCheck.consistent)
        let posted = try XCTUnwrap(health.startupCheck.references.first { $0.reference == "settle.collections/bill-charge" })
        XCTAssertEqual(posted.requiredBy, "rating")
        XCTAssertEqual(posted.checked, UInt64(Self.accounts))
        XCTAssertEqual(posted.missing, UInt64(Self.accounts))
        XCTAssertEqual(posted.examples.count, 10)
        await broken.shutdown()
        for directory in backups + [root + "-backup-before"] { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Posted and issued bills in Rating's copy, bills charged in Collections' and payments posted there.
    static func counts(_ directory: String) throws -> (posted: Int, issued: Int, charges: Int, payments: Int) {
        var readOnly = Configuration()
        readOnly.readonly = true
        let rating = try DatabaseQueue(path: directory + "/rating.sqlite", configuration: readOnly)
        let collections = try DatabaseQueue(path: directory + "/collections.sqlite", configuration: readOnly)
        defer { try? rating.close(); try? collections.close() }
        let (posted, issued) = try rating.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM bill WHERE posted = 1 OR EXISTS (SELECT 1 FROM bill_posting p WHERE p.key = bill.posting_key)") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM bill") ?? 0)
        }
        let (charges, payments) = try collections.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(DISTINCT bill_id) FROM ledger_entry WHERE kind = 'charge'") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM ledger_entry WHERE kind = 'payment'") ?? 0)
        }
        return (posted, issued, charges, payments)
    }
}

/// How many of the concurrent tasks have finished.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
