import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

final class AccountLifecycleTests: XCTestCase {
    private func open(_ host: AccountsHost, customer: String = "C000001", cycle: UInt32 = 4, deposit: Int64 = 15_000, opened: String = "2025-01-15") async throws -> Settle_Accounts_V1_AccountResponse {
        try await host.client.openAccount(accountOpening(customer: customer, cycle: cycle, opened: opened, deposit: deposit))
    }

    private func changeStatus(_ host: AccountsHost, _ number: String, to status: String, on date: String) async throws -> Settle_Accounts_V1_AccountResponse {
        try await host.client.changeAccountStatus(statusChange(number, to: status, on: date))
    }

    func testAccountsAreNumberedFrom100001AndMailToTheCustomerByDefault() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            let first = try await open(host)
            XCTAssertEqual(first.account.number, "100001")
            XCTAssertEqual(first.account.customerID, "C000001")
            XCTAssertEqual(first.account.customerName, "Ada Lovelace")
            XCTAssertEqual(first.account.status, "active")
            XCTAssertEqual(first.account.billCycle, 4)
            XCTAssertEqual(first.account.depositCents, 15_000)
            XCTAssertEqual(first.account.openedDate, "2025-01-15")
            XCTAssertEqual(first.account.mailingAddress, address("PO Box 12"))
            XCTAssertEqual(first.account.activeAgreements, 0)
            let second = try await open(host, cycle: 20)
            XCTAssertEqual(second.account.number, "100002")

            var get = Settle_Accounts_V1_GetAccountRequest()
            get.accountNumber = "100002"
            let fetched = try await host.client.getAccount(get)
            XCTAssertEqual(fetched.account, second.account)
        }
    }

    func testValidationAndUnknownAccounts() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            await assertRPCError(.invalidArgument, containing: "bill_cycle 21 is out of range: bill cycles are 1 to 20") { try await self.open(host, cycle: 21) }
            await assertRPCError(.invalidArgument, containing: "bill_cycle 0 is out of range") { try await self.open(host, cycle: 0) }
            await assertRPCError(.invalidArgument, containing: "deposit_cents -1 is negative") { try await self.open(host, deposit: -1) }
            await assertRPCError(.invalidArgument, containing: "opened_date: '2025-04-31' is not a date") { try await self.open(host, opened: "2025-04-31") }
            await assertRPCError(.notFound, containing: "customer C000042 does not exist") { try await self.open(host, customer: "C000042") }

            var get = Settle_Accounts_V1_GetAccountRequest()
            get.accountNumber = "999999"
            await assertRPCError(.notFound, containing: "account 999999 does not exist") { try await host.client.getAccount(get) }
            get.accountNumber = "10000l"
            await assertRPCError(.invalidArgument, containing: "account_number '10000l' is not an account number") { try await host.client.getAccount(get) }
            var summary = Settle_Accounts_V1_GetAccountSummaryRequest()
            summary.accountNumber = "100001"
            await assertRPCError(.notFound, containing: "account 100001 does not exist") { try await host.client.getAccountSummary(summary) }
        }
    }

    func testUpdateChangesCycleDepositAndAddress() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            _ = try await open(host)
            var update = Settle_Accounts_V1_UpdateAccountRequest()
            update.idempotencyKey = freshKey()
            update.accountNumber = "100001"
            update.billCycle = 12
            update.depositCents = 0
            let updated = try await host.client.updateAccount(update, options: because("deposit refunded after 12 months"))
            XCTAssertEqual(updated.account.billCycle, 12)
            XCTAssertEqual(updated.account.depositCents, 0)
            XCTAssertEqual(updated.account.mailingAddress, address("PO Box 12"))

            update.idempotencyKey = freshKey()
            update.billCycle = 21
            await assertRPCError(.invalidArgument, containing: "bill_cycle 21 is out of range") { try await host.client.updateAccount(update) }

            let audit = try await host.store().auditRecords(entity: "account/100001")
            XCTAssertEqual(audit.map(\.method.lastPathComponent), ["OpenAccount", "UpdateAccount"])
            XCTAssertTrue(audit[1].before.contains("\"billCycle\":4"), audit[1].before)
            XCTAssertTrue(audit[1].after.contains("\"billCycle\":12"), audit[1].after)
        }
    }

    func testStatusMovesActiveToFinalToClosedAndNoOtherWay() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            _ = try await host.client.createPremise(newPremise("12 Oak St"))
            let moved = try await host.client.moveIn(moveInNew(customer: "C000001", premise: "P000001", date: "2025-01-15", services: [service("electric")]))
            let number = moved.account.number

            await assertRPCError(.failedPrecondition, containing: "account 100001 is active: it must go final") {
                try await self.changeStatus(host, number, to: "closed", on: "2025-06-01")
            }
            await assertRPCError(.failedPrecondition, containing: "still has 1 active agreement(s) (electric at P000001); move out first") {
                try await self.changeStatus(host, number, to: "final", on: "2025-06-01")
            }
            await assertRPCError(.failedPrecondition, containing: "account 100001 is already active") {
                try await self.changeStatus(host, number, to: "active", on: "2025-06-01")
            }
            await assertRPCError(.invalidArgument, containing: "status 'gone' is not one of active, final, closed") {
                try await self.changeStatus(host, number, to: "gone", on: "2025-06-01")
            }

            let out = try await host.client.moveOut(moveOut(account: number, date: "2025-05-31"))
            XCTAssertEqual(out.account.status, "final")
            XCTAssertEqual(out.account.finalDate, "2025-05-31")

            await assertRPCError(.failedPrecondition, containing: "agreement 1 (electric at P000001) still waits for its final bill") {
                try await self.changeStatus(host, number, to: "closed", on: "2025-06-20")
            }
            let billed = try await host.client.completeFinalBill(finalBillCompletion(agreement: 1, billed: "2025-06-03"))
            XCTAssertEqual(billed.agreement.status, "final")
            XCTAssertEqual(billed.agreement.finalBilledDate, "2025-06-03")

            await assertRPCError(.invalidArgument, containing: "date 2025-05-01 is before account 100001 went final (2025-05-31)") {
                try await self.changeStatus(host, number, to: "closed", on: "2025-05-01")
            }
            let closed = try await changeStatus(host, number, to: "closed", on: "2025-06-20")
            XCTAssertEqual(closed.account.status, "closed")
            XCTAssertEqual(closed.account.closedDate, "2025-06-20")

            await assertRPCError(.failedPrecondition, containing: "account 100001 is closed and cannot become active again") {
                try await self.changeStatus(host, number, to: "active", on: "2025-07-01")
            }
            await assertRPCError(.failedPrecondition, containing: "account 100001 is closed and cannot become final") {
                try await self.changeStatus(host, number, to: "final", on: "2025-07-01")
            }
            var update = Settle_Accounts_V1_UpdateAccountRequest()
            update.idempotencyKey = freshKey()
            update.accountNumber = number
            update.depositCents = 100
            await assertRPCError(.failedPrecondition, containing: "account 100001 is closed (2025-06-20)") { try await host.client.updateAccount(update) }

            let audit = try await host.store().auditRecords(entity: "account/100001")
            XCTAssertEqual(audit.map(\.method.lastPathComponent), ["MoveIn", "MoveOut", "ChangeAccountStatus"])
        }
    }
}
