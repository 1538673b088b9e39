import Foundation
import SettleContracts
import SettleHost
import SettleRPC
import SettleModuleSDK
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// The approver is never the requester, by socket identity; above the threshold only a
/// supervisor approves; Collections' large credits and write-offs take two people as well.
final class MakerCheckerTests: XCTestCase {
    func testTheRequesterCannotApproveAndAClerkCannotApproveAboveTheThreshold() async throws {
        try await withRefundsHost { host in
            var policy = try await host.refunds.getRefundPolicy(.init())
            policy.supervisorThresholdCents = 10_000
            _ = try await host.supervisor.setRefundPolicy(.with { $0.idempotencyKey = freshKey("policy"); $0.policy = policy })
            let ed = try await closedWithCredit(host, "Ed Park", premise: "P-ED", overpaid: 14_001)
            // 140.01 requested over the socket by the test's own uid.
            let refund = try await host.request("credit_balance", ed.account, date: "2025-03-10")
            XCTAssertEqual(refund.amountCents, 14_001)
            XCTAssertTrue(refund.needsSupervisor, "140.01 is above the 100.00 threshold")
            XCTAssertEqual(refund.requestedBy, "uid:\(getuid())")

            let same = await assertRPCError(.permissionDenied) { try await host.refunds.approveRefund(host.decide(refund.id)) }
            XCTAssertTrue(same?.message.contains("another person must approve it") ?? false, same?.message ?? "")
            let clerk = await assertRPCError(.permissionDenied) { try await host.clerk.approveRefund(host.decide(refund.id)) }
            XCTAssertTrue(clerk?.message.contains("above the supervisor threshold") ?? false, clerk?.message ?? "")
            let still = try await host.refunds.getRefund(.with { $0.refundID = refund.id })
            XCTAssertEqual(still.status, "submitted")

            let approved = try await host.supervisor.approveRefund(host.decide(refund.id, reason: "final bill checked"))
            XCTAssertEqual(approved.status, "approved")
            XCTAssertEqual(approved.approvedBy, "uid:2002")
            XCTAssertEqual(approved.history.last?.reason, "final bill checked")
            // Every decision is in the audit log with who and why.
            let store = try host.runtime.store(of: "refunds")
            let audit = try await store.auditRecords(entity: "refund/\(refund.id)").sorted { $0.sequence < $1.sequence }
            XCTAssertEqual(audit.map(\.actor), ["uid:\(getuid())", "uid:2002"])
            XCTAssertEqual(audit.map(\.method), ["/settle.refunds.v1.Refunds/RequestRefund", "/settle.refunds.v1.Refunds/ApproveRefund"])
            XCTAssertEqual(audit.last?.reason, "final bill checked")
        }
    }

    /// A credit of 600.00 (above Collections' 500.00 threshold) waits for a second person; the
    /// clerk who entered it cannot approve it; another person posts it. 50.00 posts at once.
    func testCollectionsCreditsAboveTheThresholdNeedASecondPerson() async throws {
        try await withRefundsHost { host in
            let fay = try await host.customer("Fay Wu", premise: "P-FAY", on: "2025-01-01")
            try await host.charge(fay, bill: "B-FAY-1", cents: 90_000, billDate: "2025-02-01", dueDate: "2025-02-20")
            let small = try await host.clerkCollections.postEntry(.with {
                $0.idempotencyKey = freshKey("credit"); $0.accountNumber = fay.account; $0.kind = "credit"; $0.amountCents = 5_000; $0.entryDate = "2025-02-05"
            })
            XCTAssertEqual(small.pendingApprovalID, 0)
            XCTAssertEqual(small.entry.amountCents, -5_000)
            let held = try await host.clerkCollections.postEntry(.with {
                $0.idempotencyKey = freshKey("credit"); $0.accountNumber = fay.account; $0.kind = "write_off"; $0.amountCents = 60_000; $0.entryDate = "2025-02-05"
            })
            XCTAssertNotEqual(held.pendingApprovalID, 0)
            XCTAssertEqual(held.entry.id, 0, "nothing posted yet")
            let beforeApproval = try await host.ledger(fay.account).balanceCents
            XCTAssertEqual(beforeApproval, 85_000)
            await assertRPCError(.permissionDenied, containing: "another person must approve it") {
                try await host.clerkCollections.approveEntry(.with { $0.idempotencyKey = freshKey("approve"); $0.pendingID = held.pendingApprovalID })
            }
            let posted = try await host.supervisorCollections.approveEntry(.with { $0.idempotencyKey = freshKey("approve"); $0.pendingID = held.pendingApprovalID })
            XCTAssertEqual(posted.entry.kind, "write_off")
            XCTAssertEqual(posted.entry.amountCents, -60_000)
            XCTAssertEqual(posted.balanceCents, 25_000)
            await assertRPCError(.failedPrecondition, containing: "already approved") {
                try await host.collections.approveEntry(.with { $0.idempotencyKey = freshKey("approve"); $0.pendingID = held.pendingApprovalID })
            }
        }
    }
}
