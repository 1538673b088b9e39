import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

final class MoveInTests: XCTestCase {
    func testMoveInOpensAnAccountStartsServicesAndRequestsStartReads() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            _ = try await host.client.createPremise(newPremise("12 Oak St"))
            let request = moveInNew(
                customer: "C000001", premise: "P000001", date: "2025-03-01",
                services: [service("electric", "RES-1"), service("water", "W-RES")], cycle: 7, deposit: 12_500, key: "mi-1")
            let moved = try await host.client.moveIn(request, options: because("new tenant, lease on file"))

            XCTAssertTrue(moved.accountOpened)
            XCTAssertEqual(moved.account.number, "100001")
            XCTAssertEqual(moved.account.billCycle, 7)
            XCTAssertEqual(moved.account.depositCents, 12_500)
            XCTAssertEqual(moved.account.openedDate, "2025-03-01")
            XCTAssertEqual(moved.account.mailingAddress, address("PO Box 12"))
            XCTAssertEqual(moved.account.activeAgreements, 2)
            XCTAssertEqual(moved.agreements.map(\.id), [1, 2])
            XCTAssertEqual(moved.agreements.map(\.serviceType), ["electric", "water"])
            XCTAssertEqual(moved.agreements.map(\.rateSchedule), ["RES-1", "W-RES"])
            XCTAssertEqual(moved.agreements.map(\.status), ["active", "active"])
            XCTAssertEqual(moved.agreements.map(\.startDate), ["2025-03-01", "2025-03-01"])
            XCTAssertEqual(moved.agreements.map(\.premiseVacant), [false, false])

            let calls = host.reads.calls
            XCTAssertEqual(calls.map(\.idempotencyKey), ["mi-1/start-read/P000001/electric", "mi-1/start-read/P000001/water"])
            XCTAssertEqual(calls.map(\.kind), ["start", "start"])
            XCTAssertEqual(calls.map(\.date), ["2025-03-01", "2025-03-01"])
            XCTAssertEqual(calls.map(\.premiseID), ["P000001", "P000001"])
            XCTAssertEqual(calls.map(\.reason), ["move-in account 100001", "move-in account 100001"])
            XCTAssertEqual(moved.readRequests.map(\.requested), [true, true])
            XCTAssertEqual(moved.readRequests.map(\.readRequestIds), [["RR-1"], ["RR-2"]])
            XCTAssertEqual(moved.readRequests.map(\.meterSerials), [["M-P000001-electric"], ["M-P000001-water"]])
            XCTAssertEqual(moved.readRequests.map(\.requestKey), calls.map(\.idempotencyKey))

            let audit = try await host.store().auditRecords()
            XCTAssertEqual(audit.filter { $0.method.hasSuffix("/MoveIn") }.map(\.entity), ["account/100001", "agreement/1", "agreement/2"])
            XCTAssertEqual(Set(audit.filter { $0.method.hasSuffix("/MoveIn") }.map(\.reason)), ["new tenant, lease on file"])
        }
    }

    func testARetriedMoveInReturnsTheSameResponseCreatesNothingAndResendsTheSameReadRequests() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            _ = try await host.client.createPremise(newPremise("12 Oak St"))
            let request = moveInNew(customer: "C000001", premise: "P000001", date: "2025-03-01", services: [service("electric"), service("water", "W-RES")], key: "mi-2")
            let first = try await host.client.moveIn(request)
            let auditAfterFirst = try await host.store().auditRecords().count
            let retried = try await host.client.moveIn(request)
            XCTAssertEqual(first, retried)

            let accounts = try await host.client.listAccounts(.init())
            XCTAssertEqual(accounts.accounts.map(\.number), ["100001"])
            let agreements = try await host.client.listServiceAgreements(.init())
            XCTAssertEqual(agreements.agreements.map(\.id), [1, 2])
            let auditAfterRetry = try await host.store().auditRecords().count
            XCTAssertEqual(auditAfterRetry, auditAfterFirst)
            XCTAssertEqual(host.reads.calls.count, 4, "a retry re-sends each read request")
            XCTAssertEqual(host.reads.distinctKeys, ["mi-2/start-read/P000001/electric", "mi-2/start-read/P000001/water"])
        }
    }

    func testMoveInOntoAnExistingAccountAddsService() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            _ = try await host.client.createPremise(newPremise("12 Oak St"))
            _ = try await host.client.createPremise(newPremise("14 Oak St"))
            _ = try await host.client.moveIn(moveInNew(customer: "C000001", premise: "P000001", date: "2025-03-01", services: [service("electric")]))
            var second = Settle_Accounts_V1_MoveInRequest()
            second.idempotencyKey = freshKey()
            second.accountNumber = "100001"
            second.premiseID = "P000002"
            second.date = "2025-04-01"
            second.services = [service("solid_waste", "SW-CART", "residential")]
            let moved = try await host.client.moveIn(second)
            XCTAssertFalse(moved.accountOpened)
            XCTAssertEqual(moved.account.number, "100001")
            XCTAssertEqual(moved.account.activeAgreements, 2)
            XCTAssertEqual(moved.agreements.map(\.premiseID), ["P000002"])

            second.idempotencyKey = freshKey()
            second.customerID = "C000001"
            await assertRPCError(.invalidArgument, containing: "account_number names an existing account") { try await host.client.moveIn(second) }
            second.customerID = ""
            second.date = "2025-02-01"
            second.services = [service("water", "W-RES")]
            await assertRPCError(.invalidArgument, containing: "date 2025-02-01 is before account 100001 was opened (2025-03-01)") {
                try await host.client.moveIn(second)
            }
        }
    }

    func testMoveInOntoAnOccupiedPremiseIsRefusedAndChangesNothing() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            _ = try await host.client.createCustomer(newCustomer("Grace Hopper"))
            _ = try await host.client.createPremise(newPremise("12 Oak St"))
            _ = try await host.client.moveIn(moveInNew(customer: "C000001", premise: "P000001", date: "2025-03-01", services: [service("electric")]))
            let readsBefore = host.reads.calls.count
            await assertRPCError(.failedPrecondition, containing: "premise P000001 already has an active electric agreement (1, account 100001") {
                try await host.client.moveIn(moveInNew(
                    customer: "C000002", premise: "P000001", date: "2025-04-01", services: [service("water", "W-RES"), service("electric")]))
            }
            let accounts = try await host.client.listAccounts(.init())
            XCTAssertEqual(accounts.accounts.map(\.number), ["100001"], "no account was opened")
            let agreements = try await host.client.listServiceAgreements(.init())
            XCTAssertEqual(agreements.agreements.map(\.id), [1], "the water agreement was rolled back with the rest")
            XCTAssertEqual(host.reads.calls.count, readsBefore, "no read is requested for a refused move-in")
        }
    }

    func testTheNextCustomerCanMoveInOnTheDayThePreviousOneMovedOut() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            _ = try await host.client.createCustomer(newCustomer("Grace Hopper"))
            _ = try await host.client.createPremise(newPremise("12 Oak St"))
            _ = try await host.client.moveIn(moveInNew(customer: "C000001", premise: "P000001", date: "2025-01-01", services: [service("electric")]))
            _ = try await host.client.moveOut(moveOut(account: "100001", date: "2025-03-31"))
            await assertRPCError(.failedPrecondition, containing: "served by agreement 1 (account 100001) from 2025-01-01 through 2025-03-31; service can start on 2025-03-31 at the earliest") {
                try await host.client.moveIn(moveInNew(customer: "C000002", premise: "P000001", date: "2025-03-30", services: [service("electric")]))
            }
            let moved = try await host.client.moveIn(moveInNew(customer: "C000002", premise: "P000001", date: "2025-03-31", services: [service("electric")]))
            XCTAssertEqual(moved.account.number, "100002")
            XCTAssertEqual(moved.agreements.map(\.id), [2])
        }
    }

    func testAFailedReadRequestIsReportedAndARetryResendsIt() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            _ = try await host.client.createPremise(newPremise("12 Oak St"))
            host.reads.setFailing("P000001", true)
            let request = moveInNew(customer: "C000001", premise: "P000001", date: "2025-03-01", services: [service("electric")], key: "mi-3")
            let first = try await host.client.moveIn(request)
            XCTAssertEqual(first.account.number, "100001", "the move-in itself is committed")
            XCTAssertEqual(first.readRequests.map(\.requested), [false])
            XCTAssertTrue(first.readRequests[0].note.contains("UNAVAILABLE: metering is down for P000001"), first.readRequests[0].note)
            XCTAssertTrue(first.readRequests[0].note.contains("repeat it with the same idempotency key"))

            host.reads.setFailing("P000001", false)
            let retried = try await host.client.moveIn(request)
            XCTAssertEqual(retried.account, first.account)
            XCTAssertEqual(retried.agreements, first.agreements)
            XCTAssertEqual(retried.readRequests.map(\.requested), [true])
            XCTAssertEqual(retried.readRequests[0].readRequestIds, ["RR-1"])
            XCTAssertEqual(host.reads.distinctKeys, ["mi-3/start-read/P000001/electric"])
        }
    }

    func testMoveInRequestsAreCheckedFieldByField() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            _ = try await host.client.createPremise(newPremise("12 Oak St"))
            await assertRPCError(.invalidArgument, containing: "services is empty") {
                try await host.client.moveIn(moveInNew(customer: "C000001", premise: "P000001", date: "2025-03-01", services: []))
            }
            await assertRPCError(.invalidArgument, containing: "services[1].service_type electric appears twice") {
                try await host.client.moveIn(moveInNew(customer: "C000001", premise: "P000001", date: "2025-03-01", services: [service("electric"), service("electric")]))
            }
            await assertRPCError(.invalidArgument, containing: "services[0].rate_class 'domestic'") {
                try await host.client.moveIn(moveInNew(customer: "C000001", premise: "P000001", date: "2025-03-01", services: [service("electric", "RES-1", "domestic")]))
            }
            await assertRPCError(.invalidArgument, containing: "bill_cycle 21 is out of range") {
                try await host.client.moveIn(moveInNew(customer: "C000001", premise: "P000001", date: "2025-03-01", services: [service("electric")], cycle: 21))
            }
            await assertRPCError(.invalidArgument, containing: "date: '2025-03-1' is not a date") {
                try await host.client.moveIn(moveInNew(customer: "C000001", premise: "P000001", date: "2025-03-1", services: [service("electric")]))
            }
            await assertRPCError(.notFound, containing: "premise P000009 does not exist") {
                try await host.client.moveIn(moveInNew(customer: "C000001", premise: "P000009", date: "2025-03-01", services: [service("electric")]))
            }
            await assertRPCError(.notFound, containing: "customer C000009 does not exist") {
                try await host.client.moveIn(moveInNew(customer: "C000009", premise: "P000001", date: "2025-03-01", services: [service("electric")]))
            }
            await assertRPCError(.invalidArgument, containing: "give account_number (an existing account) or customer_id and bill_cycle") {
                try await host.client.moveIn(moveInNew(customer: "", premise: "P000001", date: "2025-03-01", services: [service("electric")]))
            }
            XCTAssertTrue(host.reads.calls.isEmpty)
        }
    }
}
