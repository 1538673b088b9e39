import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

final class CriticalCareAndBankruptcyTests: XCTestCase {
    func testCriticalCareCertificationIsRecordedAndEndedEarly() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            var add = criticalCare("C000001", by: "Dr. A. Osei, Mercy Clinic", from: "2025-02-01", through: "2025-07-31", note: "home oxygen concentrator")
            let added = try await host.client.addCriticalCareCertification(add)
            XCTAssertEqual(added.customer.criticalCare.count, 1)
            XCTAssertEqual(added.customer.criticalCare[0].expiryDate, "2025-07-31")
            XCTAssertEqual(added.customer.criticalCare[0].note, "home oxygen concentrator")

            add.idempotencyKey = freshKey()
            add.expiryDate = ""
            await assertRPCError(.invalidArgument, containing: "expiry_date is required") { try await host.client.addCriticalCareCertification(add) }

            var end = Settle_Accounts_V1_EndCriticalCareCertificationRequest()
            end.idempotencyKey = freshKey()
            end.customerID = "C000001"
            end.certificationID = 1
            end.endDate = "2025-04-30"
            end.endedReason = "equipment no longer in use"
            let ended = try await host.client.endCriticalCareCertification(end)
            XCTAssertEqual(ended.customer.criticalCare[0].expiryDate, "2025-04-30")
            XCTAssertEqual(ended.customer.criticalCare[0].endedReason, "equipment no longer in use")
        }
    }

    func testBankruptcyCaseIsRecordedOnceAndResolvedOnce() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            var record = bankruptcyCase("C000001", number: "25-10042", chapter: 13, petition: "2025-05-01", court: "C.D. Ill.")
            let recorded = try await host.client.recordBankruptcyCase(record)
            XCTAssertEqual(recorded.customer.bankruptcyCases.count, 1)
            let bankruptcy = recorded.customer.bankruptcyCases[0]
            XCTAssertEqual(bankruptcy.status, "open")
            XCTAssertEqual(bankruptcy.chapter, 13)
            XCTAssertEqual(bankruptcy.petitionDate, "2025-05-01")
            XCTAssertEqual(bankruptcy.resolvedDate, "")

            record.idempotencyKey = freshKey()
            await assertRPCError(.alreadyExists, containing: "already has bankruptcy case 25-10042") { try await host.client.recordBankruptcyCase(record) }
            record.idempotencyKey = freshKey()
            record.caseNumber = "25-10043"
            record.chapter = 9
            await assertRPCError(.invalidArgument, containing: "chapter 9 is not a bankruptcy chapter") { try await host.client.recordBankruptcyCase(record) }

            var resolve = Settle_Accounts_V1_ResolveBankruptcyCaseRequest()
            resolve.idempotencyKey = freshKey()
            resolve.customerID = "C000001"
            resolve.caseID = bankruptcy.id
            resolve.outcome = "dismissed"
            resolve.resolvedDate = "2025-04-01"
            await assertRPCError(.invalidArgument, containing: "resolved_date 2025-04-01 is before the petition date 2025-05-01") {
                try await host.client.resolveBankruptcyCase(resolve)
            }
            resolve.idempotencyKey = freshKey()
            resolve.resolvedDate = "2025-09-15"
            let resolved = try await host.client.resolveBankruptcyCase(resolve)
            XCTAssertEqual(resolved.customer.bankruptcyCases[0].status, "dismissed")
            XCTAssertEqual(resolved.customer.bankruptcyCases[0].resolvedDate, "2025-09-15")

            resolve.idempotencyKey = freshKey()
            resolve.outcome = "discharged"
            await assertRPCError(.failedPrecondition, containing: "was already dismissed on 2025-09-15") { try await host.client.resolveBankruptcyCase(resolve) }
            resolve.idempotencyKey = freshKey()
            resolve.outcome = "open"
            await assertRPCError(.invalidArgument, containing: "outcome must be discharged, dismissed or closed") { try await host.client.resolveBankruptcyCase(resolve) }
        }
    }
}
