import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// A case recorded in Accounts: the split at the petition date (a bill straddling it split by
/// days), the pre-petition claim, the adequate-assurance deposit, discharge and dismissal.
final class BankruptcyTests: XCTestCase {
    /// Bills 50.00 (service 01-20 → 02-20) and 56.00 (02-20 → 03-20, 28 days); petition
    /// 2025-03-10 (chapter 7): 18 of the 28 days are before it, so 36.00 is pre-petition and
    /// 20.00 post. The claim is 86.00.
    func testTheSplitTheClaimTheAssuranceAndTheDischargeWriteOff() async throws {
        try await withRefundsHost { host in
            let lee = try await host.customer("Lee Chan", premise: "P-LEE", on: "2025-01-20")
            try await host.charge(lee, bill: "B-LEE-1", cents: 5_000, billDate: "2025-02-21", dueDate: "2025-03-13", from: "2025-01-20", to: "2025-02-20")
            try await host.charge(lee, bill: "B-LEE-2", cents: 5_600, billDate: "2025-03-21", dueDate: "2025-04-10", from: "2025-02-20", to: "2025-03-20")
            _ = try await host.accounts.recordBankruptcyCase(bankruptcyCase(lee.id, number: "25-10001", chapter: 7, petition: "2025-03-10", court: "C.D. Ill."))
            await assertRPCError(.notFound, containing: "no customer has a bankruptcy case 25-99999") {
                try await host.refunds.getBankruptcy(.with { $0.caseNumber = "25-99999" })
            }
            // The number on the court's papers is enough, the first time too.
            let view = try await host.refunds.getBankruptcy(.with { $0.caseNumber = "25-10001"; $0.asOf = "2025-04-01" })
            XCTAssertEqual(view.accountNumbers, [lee.account])
            XCTAssertEqual(view.status, "open")
            XCTAssertEqual(view.prePetitionOutcome, "stayed")
            XCTAssertEqual(view.claimLines.map { "\($0.billID) \($0.prePetitionCents) \($0.openCents) \($0.split)" }, ["B-LEE-1 5000 5000 false", "B-LEE-2 3600 3600 true"])
            XCTAssertEqual(view.prePetitionClaimCents, 8_600)
            XCTAssertEqual(view.postPetitionLines.map { "\($0.billID) \($0.openCents)" }, ["B-LEE-2 2000"])
            XCTAssertEqual(view.postPetitionOpenCents, 2_000)
            // Adequate assurance: due 20 days after the petition; two months of the average bill
            // Collections estimates from the bills before the petition.
            XCTAssertEqual(view.assurance.dueDate, "2025-03-30")
            let status = try await host.collections.getDepositStatus(.with { $0.accountNumber = lee.account; $0.asOf = "2025-03-10" })
            let average = (status.estimatedAnnualBillingCents * 2 + 12) / 24
            XCTAssertEqual(view.assurance.averageBillCents, average)
            XCTAssertEqual(view.assurance.amountCents, 2 * average)
            XCTAssertEqual(status.estimatedAnnualBillingCents, 60_000, "one month billed before the petition (50.00), annualized")
            XCTAssertEqual(view.assurance.amountCents, 10_000)
            // Now known by number alone; the assurance deposit is billed once, due on its date.
            let asked = try await host.refunds.requestAssurance(.with { $0.idempotencyKey = freshKey("assurance"); $0.caseNumber = "25-10001" })
            XCTAssertTrue(asked.assurance.requested)
            _ = try await host.refunds.requestAssurance(.with { $0.idempotencyKey = freshKey("assurance"); $0.caseNumber = "25-10001" })
            var ledger = try await host.ledger(lee.account)
            let billed = ledger.entries.filter { $0.kind == "deposit_billed" }
            XCTAssertEqual(billed.map { "\($0.amountCents) \($0.dueDate)" }, ["10000 2025-03-30"])

            // A discharge writes off the pre-petition debt, after a second person approves.
            await assertRPCError(.failedPrecondition, containing: "only a discharged case") {
                try await host.request("bankruptcy_discharge", lee.account, date: "2025-06-02") { $0.caseNumber = "25-10001" }
            }
            let caseID = try await host.accounts.getCustomer(.with { $0.customerID = lee.id }).customer.bankruptcyCases[0].id
            _ = try await host.accounts.resolveBankruptcyCase(.with {
                $0.idempotencyKey = freshKey("resolve"); $0.customerID = lee.id; $0.caseID = caseID; $0.outcome = "discharged"; $0.resolvedDate = "2025-06-01"
            })
            let discharge = try await host.request("bankruptcy_discharge", lee.account, date: "2025-06-02") { $0.caseNumber = "25-10001" }
            XCTAssertEqual(discharge.amountCents, 8_600)
            XCTAssertTrue(discharge.needsSupervisor)
            XCTAssertEqual(discharge.calculation.filter { !$0.informational }.map(\.amountCents), [5_000, 3_600])
            await assertRPCError(.permissionDenied, containing: "a supervisor must approve it") { try await host.clerk.approveRefund(host.decide(discharge.id)) }
            let written = try await host.supervisor.approveRefund(host.decide(discharge.id))
            XCTAssertEqual(written.status, "written_off")
            ledger = try await host.ledger(lee.account)
            let writeOff = try XCTUnwrap(ledger.entries.first { $0.kind == "write_off" })
            XCTAssertEqual(writeOff.amountCents, -8_600)
            XCTAssertTrue(writeOff.memo.contains("25-10001"), writeOff.memo)
            let after = try await host.refunds.getBankruptcy(.with { $0.caseNumber = "25-10001"; $0.asOf = "2025-06-03" })
            XCTAssertEqual(after.prePetitionOutcome, "written_off")
            XCTAssertEqual(after.writtenOffCents, 8_600)
            XCTAssertEqual(after.prePetitionClaimCents, 0)
            XCTAssertEqual(after.postPetitionOpenCents, 2_000 + 10_000, "post-petition debt and the assurance deposit are still owed")
        }
    }

    /// A dismissed case writes nothing off: the pre-petition debt is collectible again. A
    /// Chapter 11 case's assurance is due 30 days after the petition.
    func testADismissalLeavesThePrePetitionDebtCollectibleAndChapter11Has30Days() async throws {
        try await withRefundsHost { host in
            let mo = try await host.customer("Mo Diaz", premise: "P-MO", on: "2025-01-20")
            try await host.charge(mo, bill: "B-MO-1", cents: 5_000, billDate: "2025-02-21", dueDate: "2025-03-13", from: "2025-01-20", to: "2025-02-20")
            _ = try await host.accounts.recordBankruptcyCase(bankruptcyCase(mo.id, number: "25-20002", chapter: 11, petition: "2025-03-01", court: "C.D. Ill."))
            let open = try await host.refunds.getBankruptcy(.with { $0.caseNumber = "25-20002"; $0.accountNumber = mo.account; $0.asOf = "2025-03-20" })
            XCTAssertEqual(open.assurance.dueDate, "2025-03-31")
            XCTAssertEqual(open.prePetitionClaimCents, 5_000)
            let caseID = try await host.accounts.getCustomer(.with { $0.customerID = mo.id }).customer.bankruptcyCases[0].id
            _ = try await host.accounts.resolveBankruptcyCase(.with {
                $0.idempotencyKey = freshKey("resolve"); $0.customerID = mo.id; $0.caseID = caseID; $0.outcome = "dismissed"; $0.resolvedDate = "2025-04-15"
            })
            let dismissed = try await host.refunds.getBankruptcy(.with { $0.caseNumber = "25-20002"; $0.asOf = "2025-04-20" })
            XCTAssertEqual(dismissed.prePetitionOutcome, "collectible")
            XCTAssertEqual(dismissed.writtenOffCents, 0)
            await assertRPCError(.failedPrecondition, containing: "collectible again") {
                try await host.request("bankruptcy_discharge", mo.account, date: "2025-04-20") { $0.caseNumber = "25-20002" }
            }
            let ledger = try await host.collections.getAccountLedger(.with { $0.accountNumber = mo.account; $0.asOf = "2025-04-20" })
            XCTAssertEqual(ledger.pastDueCents, 5_000, "past due again, with nothing written off")
            let wroteOff = try await host.ledger(mo.account).entries.contains { $0.kind == "write_off" }
            XCTAssertFalse(wroteOff)
        }
    }
    /// A joint case (spouses filing together) is recorded for two customers under one number:
    /// the number alone is ambiguous and says so, naming both; an account picks the customer.
    func testAJointCaseNamesItsCustomersAndAnAccountPicksOne() async throws {
        try await withRefundsHost { host in
            let ana = try await host.customer("Ana Ruiz", premise: "P-ANA", on: "2025-01-20")
            let ben = try await host.customer("Ben Ruiz", premise: "P-BEN", on: "2025-01-20")
            for (index, person) in [ana, ben].enumerated() {
                try await host.charge(person, bill: "B-RUIZ-\(index)", cents: 4_000, billDate: "2025-02-21", dueDate: "2025-03-13", from: "2025-01-20", to: "2025-02-20")
                _ = try await host.accounts.recordBankruptcyCase(bankruptcyCase(person.id, number: "25-30003", chapter: 13, petition: "2025-03-10", court: "C.D. Ill."))
            }
            await assertRPCError(.failedPrecondition, containing: "recorded for customers \(ana.id), \(ben.id)") {
                try await host.refunds.getBankruptcy(.with { $0.caseNumber = "25-30003"; $0.asOf = "2025-04-01" })
            }
            let view = try await host.refunds.getBankruptcy(.with { $0.caseNumber = "25-30003"; $0.accountNumber = ben.account; $0.asOf = "2025-04-01" })
            XCTAssertEqual(view.accountNumbers, [ben.account])
            XCTAssertEqual(view.claimLines.map(\.billID), ["B-RUIZ-1"])
            XCTAssertEqual(view.prePetitionClaimCents, 4_000)
        }
    }
}
