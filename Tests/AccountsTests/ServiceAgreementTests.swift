import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

final class ServiceAgreementTests: XCTestCase {
    private func start(
        _ host: AccountsHost, account: String = "100001", premise: String = "P000001", service: String = "electric",
        schedule: String = "RES-1", rateClass: String = "residential", on date: String = "2025-02-01"
    ) async throws -> Settle_Accounts_V1_ServiceAgreementResponse {
        try await host.client.startServiceAgreement(
            agreementStart(account: account, premise: premise, service: service, schedule: schedule, rateClass: rateClass, on: date)
        )
    }

    private func setUp(_ host: AccountsHost) async throws {
        _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
        _ = try await host.client.createCustomer(newCustomer("Grace Hopper"))
        _ = try await host.client.createPremise(newPremise("12 Oak St"))
        for customer in ["C000001", "C000002"] {
            _ = try await host.client.openAccount(accountOpening(customer: customer, cycle: 3, opened: "2025-01-15"))
        }
    }

    func testOneActiveAgreementPerPremiseAndServiceType() async throws {
        try await withAccountsHost { host in
            try await setUp(host)
            let electric = try await start(host)
            XCTAssertEqual(electric.agreement.id, 1)
            XCTAssertEqual(electric.agreement.accountNumber, "100001")
            XCTAssertEqual(electric.agreement.customerID, "C000001")
            XCTAssertEqual(electric.agreement.status, "active")
            XCTAssertEqual(electric.agreement.startDate, "2025-02-01")
            XCTAssertEqual(electric.agreement.endDate, "")
            XCTAssertEqual(electric.agreement.billCycle, 3)
            XCTAssertEqual(electric.agreement.weatherZone, "north")
            XCTAssertFalse(electric.agreement.premiseVacant)
            XCTAssertTrue(host.reads.calls.isEmpty, "starting an agreement directly requests no read")

            await assertRPCError(.failedPrecondition, containing: "premise P000001 already has an active electric agreement (1, account 100001, since 2025-02-01)") {
                try await self.start(host, account: "100002")
            }
            await assertRPCError(.failedPrecondition, containing: "already has an active electric agreement") { try await self.start(host) }
            let water = try await start(host, account: "100002", service: "water", schedule: "W-RES")
            XCTAssertEqual(water.agreement.id, 2)

            var list = Settle_Accounts_V1_ListServiceAgreementsRequest()
            list.premiseID = "P000001"
            let onPremise = try await host.client.listServiceAgreements(list)
            XCTAssertEqual(onPremise.agreements.map(\.id), [1, 2])
        }
    }

    func testStartIsCheckedAgainstTheAccountThePremiseAndTheVocabulary() async throws {
        try await withAccountsHost { host in
            try await setUp(host)
            await assertRPCError(.invalidArgument, containing: "start_date 2025-01-14 is before account 100001 was opened (2025-01-15)") {
                try await self.start(host, on: "2025-01-14")
            }
            await assertRPCError(.notFound, containing: "premise P000404 does not exist") { try await self.start(host, premise: "P000404") }
            await assertRPCError(.notFound, containing: "account 100404 does not exist") { try await self.start(host, account: "100404") }
            await assertRPCError(.invalidArgument, containing: "service_type 'gas' is not one of electric, water, wastewater, solid_waste") {
                try await self.start(host, service: "gas")
            }
            await assertRPCError(.invalidArgument, containing: "rate_class 'residental' is not one of residential, small_commercial, large_commercial, industrial, lighting") {
                try await self.start(host, rateClass: "residental")
            }
            await assertRPCError(.invalidArgument, containing: "rate_schedule 'res 1'") { try await self.start(host, schedule: "res 1") }
            await assertRPCError(.invalidArgument, containing: "start_date is required") { try await self.start(host, on: "") }
        }
    }

    func testFinalBillIsRecordedOnlyAfterAMoveOut() async throws {
        try await withAccountsHost { host in
            try await setUp(host)
            _ = try await start(host)
            var bill = finalBillCompletion(agreement: 1, billed: "2025-03-05")
            await assertRPCError(.failedPrecondition, containing: "agreement 1 is active; only a pending_final agreement") { try await host.client.completeFinalBill(bill) }
            _ = try await host.client.moveOut(moveOut(account: "100001", date: "2025-03-10"))
            bill.idempotencyKey = freshKey()
            await assertRPCError(.invalidArgument, containing: "billed_date 2025-03-05 is before the agreement's last day of service (2025-03-10)") {
                try await host.client.completeFinalBill(bill)
            }
            bill.idempotencyKey = freshKey()
            bill.billedDate = "2025-03-12"
            let billed = try await host.client.completeFinalBill(bill)
            XCTAssertEqual(billed.agreement.status, "final")
            var get = Settle_Accounts_V1_GetServiceAgreementRequest()
            get.agreementID = 1
            let fetched = try await host.client.getServiceAgreement(get)
            XCTAssertEqual(fetched.agreement, billed.agreement)
            get.agreementID = 77
            await assertRPCError(.notFound, containing: "service agreement 77 does not exist") { try await host.client.getServiceAgreement(get) }
        }
    }

    func testAFinalAccountTakesNoNewService() async throws {
        try await withAccountsHost { host in
            try await setUp(host)
            _ = try await start(host)
            _ = try await host.client.moveOut(moveOut(account: "100001", date: "2025-03-10"))
            await assertRPCError(.failedPrecondition, containing: "account 100001 is final; new service needs an active account") {
                try await self.start(host, service: "water", on: "2025-04-01")
            }
        }
    }
}
