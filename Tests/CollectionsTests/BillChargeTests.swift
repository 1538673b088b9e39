import Foundation
import GRDB
@testable import SettleCollections
import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// The contract Rating builds on: charges keyed by bill and agreement, reversals once.
final class BillChargeTests: XCTestCase {
    func testChargesPostOnceAcrossRetriesAndResumedRuns() async throws {
        try await withCollectionsHost { host in
            let first = [
                charge("B-1", account: "100001", agreement: 1, cents: 12_345, billDate: "2025-01-05", dueDate: "2025-01-25"),
                charge("B-1", account: "100001", agreement: 2, cents: 4_000, billDate: "2025-01-05", dueDate: "2025-01-25", service: "water"),
            ]
            let posted = try await host.post(first, key: "run-1-batch-1")
            XCTAssertEqual(posted.posted, 2)
            XCTAssertEqual(posted.alreadyPosted, 0)
            XCTAssertEqual(posted.postedCents, 16_345)

            // The same call retried: the stored response, nothing posted again.
            let retried = try await host.post(first, key: "run-1-batch-1")
            XCTAssertEqual(retried, posted)

            // A resumed run with a new key re-sends the first bill and adds another.
            let resumed = try await host.post(first + [
                charge("B-2", account: "100002", agreement: 3, cents: 9_999, billDate: "2025-01-05", dueDate: "2025-01-25"),
            ], key: "run-1-resumed")
            XCTAssertEqual(resumed.posted, 1)
            XCTAssertEqual(resumed.alreadyPosted, 2)
            XCTAssertEqual(resumed.postedCents, 9_999)

            let ledger = try await host.ledger("100001", asOf: "2025-01-31")
            XCTAssertEqual(ledger.balanceCents, 16_345)
            XCTAssertEqual(ledger.pastDueCents, 16_345)
            let check = try await host.checkLedger()
            XCTAssertTrue(check.balanced, "\(check.problems)")
            XCTAssertEqual(check.sumOfEntriesCents, 26_344)
            XCTAssertEqual(check.entries, 3)
        }
    }

    func testReversingABillTwiceReversesItOnce() async throws {
        try await withCollectionsHost { host in
            try await host.post([
                charge("B-9", account: "100001", agreement: 1, cents: 5_000, billDate: "2025-02-01", dueDate: "2025-02-21"),
                charge("B-9", account: "100001", agreement: 2, cents: 2_500, billDate: "2025-02-01", dueDate: "2025-02-21"),
            ])
            var request = Settle_Collections_V1_ReverseBillChargesRequest()
            request.idempotencyKey = freshKey("rev")
            request.billID = "B-9"
            request.entryDate = "2025-02-03"
            let reversed = try await host.client.reverseBillCharges(request)
            XCTAssertEqual(reversed.reversedCents, 7_500)
            XCTAssertEqual(reversed.entriesReversed, 2)
            XCTAssertFalse(reversed.alreadyReversed)

            request.idempotencyKey = freshKey("rev-again")
            let again = try await host.client.reverseBillCharges(request)
            XCTAssertEqual(again.reversedCents, 0)
            XCTAssertEqual(again.entriesReversed, 0)
            XCTAssertTrue(again.alreadyReversed)

            let ledger = try await host.ledger("100001", asOf: "2025-03-01", entries: true)
            XCTAssertEqual(ledger.balanceCents, 0)
            XCTAssertTrue(ledger.openItems.isEmpty)
            XCTAssertEqual(ledger.entries.map(\.kind), ["charge", "charge", "reversal", "reversal"])
            // The originals stay, and before the reversal date the bill is still owed.
            let before = try await host.ledger("100001", asOf: "2025-02-02")
            XCTAssertEqual(before.balanceCents, 7_500)

            // Re-posting a reversed bill's charges is still "already posted": a rebill needs a new bill id.
            let repost = try await host.post([charge("B-9", account: "100001", agreement: 1, cents: 5_000, billDate: "2025-02-01", dueDate: "2025-02-21")])
            XCTAssertEqual(repost.alreadyPosted, 1)
        }
    }

    func testABadChargeIsRefusedNamingTheFieldAndNothingIsPosted() async throws {
        try await withCollectionsHost { host in
            await assertRPCError(.invalidArgument, containing: "charges[1].due_date") {
                try await host.post([
                    charge("B-1", account: "100001", cents: 100, billDate: "2025-01-05", dueDate: "2025-01-25"),
                    charge("B-2", account: "100001", cents: 100, billDate: "2025-01-05", dueDate: "2025-13-01"),
                ])
            }
            await assertRPCError(.notFound) { try await host.ledger("100001") }
            var unknown = Settle_Collections_V1_ReverseBillChargesRequest()
            unknown.idempotencyKey = freshKey()
            unknown.billID = "B-404"
            await assertRPCError(.notFound, containing: "B-404") { try await host.client.reverseBillCharges(unknown) }
        }
    }

    func testLedgerEntriesCannotBeEditedOrDeleted() async throws {
        try await withCollectionsHost { host in
            try await host.post([charge("B-1", account: "100001", cents: 100, billDate: "2025-01-05", dueDate: "2025-01-25")])
            let store = try host.store()
            do {
                try await store.write { db in try db.execute(sql: "UPDATE ledger_entry SET amount_cents = 1") }
                XCTFail("an update went through")
            } catch {
                XCTAssertTrue("\(error)".contains("immutable"), "\(error)")
            }
            do {
                try await store.write { db in try db.execute(sql: "DELETE FROM ledger_entry") }
                XCTFail("a delete went through")
            } catch {
                XCTAssertTrue("\(error)".contains("immutable"), "\(error)")
            }
            let audit = try await store.auditRecords()
            XCTAssertEqual(audit.last?.method, CollectionsV1.Method.postBillCharges.fullName)
        }
    }

    func testAnEntryIsReversedOnceAndATransferLegCannotBeReversedAlone() async throws {
        try await withCollectionsHost { host in
            try await host.post([
                charge("B-1", account: "100001", cents: 10_000, billDate: "2025-01-01", dueDate: "2025-01-21"),
                charge("B-2", account: "100002", agreement: 2, cents: 1_000, billDate: "2025-01-01", dueDate: "2025-01-21"),
            ])
            let posted = try await host.postEntry("100001", "adjustment", -2_500, on: "2025-01-05", memo: "goodwill")
            XCTAssertEqual(posted.balanceCents, 7_500)
            let reversed = try await host.reverseEntry(posted.entry.id, on: "2025-01-06")
            XCTAssertEqual(reversed.entry.amountCents, 2_500)
            XCTAssertEqual(reversed.balanceCents, 10_000)
            let again = try await host.reverseEntry(posted.entry.id, on: "2025-01-06")
            XCTAssertTrue(again.alreadyReversed)
            XCTAssertEqual(again.entry.id, reversed.entry.id)
            await assertRPCError(.failedPrecondition, containing: "itself a reversal") {
                try await host.reverseEntry(reversed.entry.id, on: "2025-01-06")
            }
            var transfer = Settle_Collections_V1_TransferBalanceRequest()
            transfer.idempotencyKey = freshKey("transfer")
            transfer.fromAccount = "100001"
            transfer.toAccount = "100002"
            transfer.amountCents = 4_000
            transfer.entryDate = "2025-01-07"
            let moved = try await host.client.transferBalance(transfer)
            XCTAssertEqual(moved.fromEntry.amountCents, -4_000)
            XCTAssertEqual(moved.toEntry.amountCents, 4_000)
            await assertRPCError(.failedPrecondition, containing: "transfer back") {
                try await host.reverseEntry(moved.toEntry.id, on: "2025-01-06")
            }
            let a = try await host.ledger("100001", asOf: "2025-01-31")
            let b = try await host.ledger("100002", asOf: "2025-01-31")
            XCTAssertEqual(a.balanceCents, 6_000)
            XCTAssertEqual(b.balanceCents, 5_000)
            await assertRPCError(.invalidArgument, containing: "kind") {
                try await host.postEntry("100001", "payment", -2_500, on: "2025-01-05", memo: "goodwill")
            }
        }
    }
}
