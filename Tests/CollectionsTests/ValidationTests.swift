import Foundation
@testable import SettleCollections
import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

/// Bad input is refused with an error naming the field and nothing is written; amounts are
/// bounded so no sum of a ledger can overflow (which would stop the host, not the caller).
final class ValidationTests: XCTestCase {
    func testAmountsBeyondOneBillionDollarsAreRefusedNamingTheField() async throws {
        try await withCollectionsHost { host in
            try await host.post([charge("B-1", account: "100001", cents: 10_000, billDate: "2025-01-01", dueDate: "2025-01-21")])
            let huge = Money.maximumCents + 1
            var entry = Settle_Collections_V1_PostEntryRequest()
            entry.idempotencyKey = freshKey()
            entry.accountNumber = "100001"
            entry.kind = "adjustment"
            entry.amountCents = -huge
            await assertRPCError(.invalidArgument, containing: "amount_cents: -1000000000.01 is beyond the largest amount Collections takes (1000000000.00)") {
                try await host.client.postEntry(entry)
            }
            entry.amountCents = 0
            await assertRPCError(.invalidArgument, containing: "amount_cents: must not be 0") { try await host.client.postEntry(entry) }
            await assertRPCError(.invalidArgument, containing: "amount_cents: 1000000000.01 is beyond") {
                try await host.pay("100001", huge, on: "2025-01-10")
            }
            var dispute = Settle_Collections_V1_OpenDisputeRequest()
            dispute.idempotencyKey = freshKey()
            dispute.accountNumber = "100001"
            dispute.amountCents = Int64.max
            await assertRPCError(.invalidArgument, containing: "amount_cents: 92233720368547758.07 is beyond") { try await host.client.openDispute(dispute) }
            await assertRPCError(.invalidArgument, containing: "charges[1].amount_cents: 1000000000.01 is beyond") {
                try await host.post([
                    charge("B-2", account: "100001", cents: 5, billDate: "2025-02-01", dueDate: "2025-02-21"),
                    charge("B-3", account: "100001", cents: huge, billDate: "2025-02-01", dueDate: "2025-02-21"),
                ])
            }
            var arrangement = Settle_Collections_V1_CreateArrangementRequest()
            arrangement.idempotencyKey = freshKey()
            arrangement.accountNumber = "100001"
            arrangement.installments = 3
            arrangement.downPaymentCents = -1
            await assertRPCError(.invalidArgument, containing: "down_payment_cents: must not be negative; got -1") { try await host.client.createArrangement(arrangement) }

            let file = try await host.importPayments("100001,\"1,000,000,000.01\",2025-01-10,BIG-1\n100001,10.00,2025-01-10,OK-1\n")
            XCTAssertEqual(file.posted, 1)
            XCTAssertEqual(file.rejected.map(\.line), [1])
            XCTAssertEqual(file.rejected.first?.reason, "bad amount '1,000,000,000.01': more than 1000000000.00")

            let ledger = try await host.ledger("100001", entries: true)
            XCTAssertEqual(ledger.entries.map(\.kind), ["charge", "payment"], "nothing refused was written")
            XCTAssertEqual(ledger.balanceCents, 9_000)
        }
    }

    func testAPolicyWithRatesOrDaysBeyondReasonIsRefusedNamingTheField() async throws {
        try await withCollectionsHost { host in
            var policy = try await host.client.getPolicy(.init()).policy
            policy.lateFeeBasisPoints = 10_001
            var request = Settle_Collections_V1_SetPolicyRequest()
            request.idempotencyKey = freshKey()
            request.policy = policy
            await assertRPCError(.invalidArgument, containing: "policy.late_fee_basis_points: 10001 is more than 10000 (100 %)") { try await host.client.setPolicy(request) }
            policy.lateFeeBasisPoints = 500
            policy.disconnectNoticeAfterDays = 4_000_000_000
            request.policy = policy
            await assertRPCError(.invalidArgument, containing: "policy.disconnect_notice_after_days: 4000000000 days is more than a year (365)") { try await host.client.setPolicy(request) }
            policy.disconnectNoticeAfterDays = 7
            policy.nsfFeeCents = -1
            request.policy = policy
            await assertRPCError(.invalidArgument, containing: "policy.nsf_fee_cents: must not be negative; got -1") { try await host.client.setPolicy(request) }
            let unchanged = try await host.client.getPolicy(.init()).policy
            XCTAssertEqual(unchanged, PolicyStore.defaults)
        }
    }

    func testAHoldIsNotReleasedBeforeItStartsAndADisconnectionNamesItsOwnDecision() async throws {
        try await withCollectionsHost { host in
            try await host.post([charge("B-1", account: "100001", cents: 10_000, billDate: "2025-01-01", dueDate: "2025-01-21")])
            let placed = try await host.placeHold("100001", cents: 5_000, reason: "billing review", from: "2025-02-10", through: "2025-03-10")
            var release = Settle_Collections_V1_ReleaseHoldRequest()
            release.idempotencyKey = freshKey()
            release.holdID = placed.id
            release.releasedDate = "2025-02-09"
            await assertRPCError(.invalidArgument, containing: "released_date: 2025-02-09 is before the hold started (2025-02-10)") { try await host.client.releaseHold(release) }

            var disconnection = Settle_Collections_V1_RecordDisconnectionRequest()
            disconnection.idempotencyKey = freshKey()
            disconnection.accountNumber = "100001"
            disconnection.date = "2025-03-04"
            disconnection.decisionID = 77
            await assertRPCError(.notFound, containing: "decision_id: no eligibility decision 77") { try await host.client.recordDisconnection(disconnection) }
        }
    }

    func testADisputeClosesOnceAndNotBeforeItWasOpenedAsAHoldIsReleased() async throws {
        try await withCollectionsHost { host in
            try await host.post([charge("B-1", account: "100001", cents: 10_000, billDate: "2025-01-01", dueDate: "2025-01-21")])
            let dispute = try await host.openDispute("100001", cents: 2_500, on: "2025-02-10")
            var close = Settle_Collections_V1_CloseDisputeRequest()
            close.idempotencyKey = freshKey()
            close.disputeID = dispute.id
            close.closedDate = "2025-02-09"
            await assertRPCError(.invalidArgument, containing: "closed_date: 2025-02-09 is before the dispute was opened (2025-02-10)") { try await host.client.closeDispute(close) }
            close.closedDate = "2025-02-10"
            let closed = try await host.client.closeDispute(close).dispute
            XCTAssertEqual(closed.closedDate, "2025-02-10")
            close.idempotencyKey = freshKey()
            close.closedDate = "2025-02-12"
            await assertRPCError(.failedPrecondition, containing: "dispute \(dispute.id) was already closed on 2025-02-10") { try await host.client.closeDispute(close) }

            let hold = try await host.placeHold("100001", cents: 5_000, reason: "billing review", from: "2025-02-10", through: "2025-03-10")
            var release = Settle_Collections_V1_ReleaseHoldRequest()
            release.idempotencyKey = freshKey()
            release.holdID = hold.id
            release.releasedDate = "2025-02-11"
            let released = try await host.client.releaseHold(release).hold
            XCTAssertEqual(released.releasedDate, "2025-02-11")
            release.idempotencyKey = freshKey()
            await assertRPCError(.failedPrecondition, containing: "hold \(hold.id) was already released on 2025-02-11") { try await host.client.releaseHold(release) }
        }
    }
}
