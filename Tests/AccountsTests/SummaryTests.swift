import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

final class SummaryTests: XCTestCase {
    /// A customer with a sales-tax certificate ending soon, critical care in force and an open
    /// chapter 13 case; electric and water at one premise, water moved out (final bill due).
    private func setUp(_ host: AccountsHost) async throws {
        _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"), options: because("walk-in"))
        try await host.addExemption(certificate: "ST-5501", effective: "2025-01-01", expiry: "2025-06-10")
        _ = try await host.client.addCriticalCareCertification(criticalCare("C000001", by: "Dr. A. Osei", from: "2025-01-01", through: "2025-12-31"))
        _ = try await host.client.recordBankruptcyCase(bankruptcyCase("C000001", number: "25-10042", chapter: 13, petition: "2025-05-01"))
        _ = try await host.client.createPremise(newPremise("12 Oak St"))
        _ = try await host.client.moveIn(
            moveInNew(customer: "C000001", premise: "P000001", date: "2025-01-10", services: [service("electric"), service("water", "W-RES")], deposit: 10_000),
            options: because("new tenant"))
        _ = try await host.client.moveOut(moveOut(account: "100001", date: "2025-05-20", services: ["water"]), options: because("well water now"))
    }

    func testTheSummaryHasEverythingOnOneScreen() async throws {
        try await withAccountsHost { host in
            try await setUp(host)
            var request = Settle_Accounts_V1_GetAccountSummaryRequest()
            request.accountNumber = "100001"
            request.asOf = "2025-06-01"
            let summary = try await host.client.getAccountSummary(request)

            XCTAssertEqual(summary.asOf, "2025-06-01")
            XCTAssertEqual(summary.account.number, "100001")
            XCTAssertEqual(summary.account.status, "active")
            XCTAssertEqual(summary.account.depositCents, 10_000)
            XCTAssertEqual(summary.customer.id, "C000001")
            XCTAssertEqual(summary.customer.name, "Ada Lovelace")
            XCTAssertEqual(summary.customer.contact.phone, "217-555-0100")
            XCTAssertEqual(summary.customer.accountNumbers, ["100001"])
            XCTAssertEqual(summary.premises.count, 1)
            XCTAssertEqual(summary.premises[0].premise.id, "P000001")
            XCTAssertEqual(summary.premises[0].agreements.map(\.serviceType), ["electric", "water"])
            XCTAssertEqual(summary.premises[0].agreements.map(\.status), ["active", "pending_final"])
            XCTAssertEqual(summary.exemptionsInForce.map(\.certificateNumber), ["ST-5501"])
            XCTAssertEqual(summary.criticalCareInForce.map(\.certifiedBy), ["Dr. A. Osei"])
            XCTAssertEqual(summary.openBankruptcyCases.map(\.caseNumber), ["25-10042"])
            XCTAssertEqual(summary.alerts, [
                "Final bill due: water at P000001, service ended 2025-05-20 (agreement 2).",
                "Critical care certified through 2025-12-31 by Dr. A. Osei: do not disconnect.",
                "Open chapter 13 bankruptcy, case 25-10042, petition 2025-05-01: pre-petition debt is stayed.",
                "sales-tax exemption (certificate ST-5501) ends 2025-06-10. Expires in 9 days.",
            ])
            XCTAssertEqual(summary.recentActivity.map(\.method), [
                "CreateCustomer", "AddTaxExemption", "AddCriticalCareCertification", "RecordBankruptcyCase",
                "CreatePremise", "MoveIn", "MoveIn", "MoveIn", "MoveOut",
            ])
            XCTAssertEqual(summary.recentActivity.map(\.entity), [
                "customer/C000001", "customer/C000001", "customer/C000001", "customer/C000001",
                "premise/P000001", "account/100001", "agreement/1", "agreement/2", "agreement/2",
            ])
            XCTAssertEqual(summary.recentActivity.last?.reason, "well water now")
            XCTAssertEqual(summary.recentActivity.first?.reason, "walk-in")
            XCTAssertEqual(summary.recentActivity.map(\.sequence), Array(1...9).map(UInt64.init))

            request.activityLimit = 2
            let short = try await host.client.getAccountSummary(request)
            XCTAssertEqual(short.recentActivity.map(\.sequence), [8, 9])
        }
    }

    func testOnALaterDateProtectionsHaveLapsedAndTheAlertsSaySo() async throws {
        try await withAccountsHost { host in
            try await setUp(host)
            _ = try await host.client.moveOut(moveOut(account: "100001", date: "2026-01-15"))
            var request = Settle_Accounts_V1_GetAccountSummaryRequest()
            request.accountNumber = "100001"
            request.asOf = "2026-02-01"
            let summary = try await host.client.getAccountSummary(request)
            XCTAssertEqual(summary.exemptionsInForce, [])
            XCTAssertEqual(summary.criticalCareInForce, [])
            XCTAssertEqual(summary.alerts, [
                "Account is final since 2026-01-15: no service; settle the final bill and balance, then close it.",
                "Final bill due: electric at P000001, service ended 2026-01-15 (agreement 1).",
                "Final bill due: water at P000001, service ended 2025-05-20 (agreement 2).",
                "Critical-care certification lapsed on 2025-12-31; not protected unless renewed.",
                "Open chapter 13 bankruptcy, case 25-10042, petition 2025-05-01: pre-petition debt is stayed.",
            ])
            request.asOf = "2026-02-30"
            await assertRPCError(.invalidArgument, containing: "as_of: '2026-02-30' is not a date") { try await host.client.getAccountSummary(request) }
        }
    }
}
