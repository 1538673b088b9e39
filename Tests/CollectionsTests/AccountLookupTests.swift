import Foundation
@testable import SettleCollections
import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// Accounts the ledger has not seen yet are checked with Accounts, once per number.
final class AccountLookupTests: XCTestCase {
    func testAPaymentBeforeTheFirstBillIsAcceptedForAnAccountAccountsKnows() async throws {
        try await withCollectionsHost { host in
            let customer = try await host.servedCustomer()
            // A prepayment before any bill: the ledger learns the account from Accounts.
            let paid = try await host.importPayments("\(customer.account),25.00,2025-01-03,PRE-1\n999998,25.00,2025-01-03,PRE-2\n")
            XCTAssertEqual(paid.posted, 1)
            XCTAssertEqual(paid.rejected.map(\.line), [2])
            XCTAssertEqual(paid.rejected.first?.reason, "unknown account 999998")
            try await host.post([charge("B-1", account: customer.account, agreement: customer.agreementID, cents: 10_000, billDate: "2025-01-10", dueDate: "2025-01-30")])
            let ledger = try await host.ledger(customer.account, asOf: "2025-01-31")
            XCTAssertEqual(ledger.balanceCents, 7_500)
            XCTAssertEqual(ledger.openItems.map(\.openCents), [7_500])
            XCTAssertEqual(ledger.pastDueCents, 7_500)
        }
    }

    func testEveryMutationIsAuditedAndTheChainHolds() async throws {
        try await withCollectionsHost { host in
            try await host.post([charge("B-1", account: "100001", cents: 10_000, billDate: "2025-01-01", dueDate: "2025-01-21")])
            try await host.pay("100001", 1_000, on: "2025-01-05", reference: "R-1")
            let placed = try await host.placeHold("100001", cents: 500, reason: "review", from: "2025-01-05", through: "2025-02-05")
            var release = Settle_Collections_V1_ReleaseHoldRequest()
            release.idempotencyKey = freshKey("release")
            release.holdID = placed.id
            release.releasedDate = "2025-01-06"
            _ = try await host.client.releaseHold(release)
            await assertRPCError(.failedPrecondition, containing: "already released") {
                release.idempotencyKey = freshKey("release-again")
                return try await host.client.releaseHold(release)
            }
            let records = try await host.store().auditRecords()
            XCTAssertEqual(records.map(\.entity), ["bill-charges/\(records[0].entity.dropFirst("bill-charges/".count))", "ledger-entry/2", "hold/\(placed.id)", "hold/\(placed.id)"])
            XCTAssertEqual(records.last?.method, CollectionsV1.Method.releaseHold.fullName)
            let verification = try await host.store().verifyAuditChain()
            XCTAssertTrue(verification.intact)
        }
    }
}
