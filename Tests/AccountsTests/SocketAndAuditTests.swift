import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import SettleTransport
import XCTest

/// The same contract over the real socket: identical answers, idempotent retries, and an
/// audit chain the host verifies intact.
final class SocketAndAuditTests: XCTestCase {
    func testMutationsOverTheSocketAreIdempotentAuditedAndMatchInProcess() async throws {
        try await withAccountsHost { host in
            let connection = try await RPCConnection.connect(to: host.runtime.configuration.socketPath)
            do {
                let remote = AccountsV1.Client(transport: connection)
                let customer = newCustomer("Ada Lovelace", key: "s-cust")
                let premise = newPremise("12 Oak St", key: "s-prem")
                let moveIn = moveInNew(customer: "C000001", premise: "P000001", date: "2025-03-01", services: [service("electric"), service("water", "W-RES")], key: "s-in")
                let out = moveOut(account: "100001", date: "2025-08-31", key: "s-out")
                let exemption = taxExemption(certificate: "ST-1", effective: "2025-01-01", key: "s-ex")

                for attempt in 1...2 {
                    let options = because("socket test attempt")
                    let created = try await remote.createCustomer(customer, options: options)
                    XCTAssertEqual(created.customer.id, "C000001", "attempt \(attempt)")
                    let createdPremise = try await remote.createPremise(premise, options: options)
                    XCTAssertEqual(createdPremise.premise.id, "P000001")
                    let added = try await remote.addTaxExemption(exemption, options: options)
                    XCTAssertEqual(added.customer.taxExemptions.count, 1)
                    let moved = try await remote.moveIn(moveIn, options: options)
                    XCTAssertEqual(moved.account.number, "100001")
                    XCTAssertEqual(moved.readRequests.map(\.requestKey), ["s-in/start-read/P000001/electric", "s-in/start-read/P000001/water"])
                    let ended = try await remote.moveOut(out, options: options)
                    XCTAssertTrue(ended.accountFinaled)
                }

                let customers = try await remote.listCustomers(.init())
                XCTAssertEqual(customers.customers.count, 1)
                let agreements = try await remote.listServiceAgreements(.init())
                XCTAssertEqual(agreements.agreements.map(\.id), [1, 2])

                var summary = Settle_Accounts_V1_GetAccountSummaryRequest()
                summary.accountNumber = "100001"
                summary.asOf = "2025-09-01"
                let overSocket = try await remote.getAccountSummary(summary)
                let inProcess = try await host.client.getAccountSummary(summary)
                XCTAssertEqual(overSocket, inProcess)

                // customer + premise + exemption + move-in (account, 2 agreements) + move-out (2 agreements, account).
                let audit = try await host.store().auditRecords()
                XCTAssertEqual(audit.count, 9)
                XCTAssertEqual(Set(audit.map(\.reason)), ["socket test attempt"])
                let verified = try await HostV1.Client(transport: connection).verifyAudit({
                    var request = Settle_Host_V1_VerifyAuditRequest()
                    request.module = "accounts"
                    return request
                }())
                XCTAssertTrue(verified.intact, verified.problem)
                XCTAssertEqual(verified.recordsChecked, 9)

                await assertRPCError(.notFound, containing: "account 100999 does not exist") {
                    var get = Settle_Accounts_V1_GetAccountRequest()
                    get.accountNumber = "100999"
                    return try await remote.getAccount(get)
                }
                await assertRPCError(.failedPrecondition, containing: "account 100001 is final; only an active account can move out") {
                    try await remote.moveOut(moveOut(account: "100001", date: "2025-09-30"))
                }
            } catch {
                await connection.close()
                throw error
            }
            await connection.close()
        }
    }

    func testEveryKindOfMutationWritesAnAuditRecordAndTheChainVerifies() async throws {
        try await withAccountsHost { host in
            let client = host.client
            _ = try await client.createCustomer(newCustomer("Ada Lovelace"))
            var update = Settle_Accounts_V1_UpdateCustomerRequest()
            update.idempotencyKey = freshKey()
            update.customerID = "C000001"
            update.name = "Ada King"
            _ = try await client.updateCustomer(update)
            var flags = Settle_Accounts_V1_SetCustomerFlagsRequest()
            flags.idempotencyKey = freshKey()
            flags.customerID = "C000001"
            flags.add = ["spanish"]
            _ = try await client.setCustomerFlags(flags)
            _ = try await client.createPremise(newPremise("12 Oak St"))
            var premiseUpdate = Settle_Accounts_V1_UpdatePremiseRequest()
            premiseUpdate.idempotencyKey = freshKey()
            premiseUpdate.premiseID = "P000001"
            premiseUpdate.premiseType = "multi_family"
            _ = try await client.updatePremise(premiseUpdate)
            _ = try await client.openAccount(accountOpening(customer: "C000001", cycle: 1, opened: "2025-01-01"))
            _ = try await client.startServiceAgreement(agreementStart(on: "2025-01-01"))
            _ = try await client.moveOut(moveOut(account: "100001", date: "2025-02-01"))
            _ = try await client.completeFinalBill(finalBillCompletion(agreement: 1, billed: "2025-02-03"))
            _ = try await client.changeAccountStatus(statusChange("100001", to: "closed", on: "2025-02-10"))

            let audit = try await host.store().auditRecords()
            XCTAssertEqual(audit.map { "\($0.method.lastPathComponent) \($0.entity)" }, [
                "CreateCustomer customer/C000001", "UpdateCustomer customer/C000001", "SetCustomerFlags customer/C000001",
                "CreatePremise premise/P000001", "UpdatePremise premise/P000001", "OpenAccount account/100001",
                "StartServiceAgreement agreement/1", "MoveOut agreement/1", "MoveOut account/100001",
                "CompleteFinalBill agreement/1", "ChangeAccountStatus account/100001",
            ])
            var verify = Settle_Host_V1_VerifyAuditRequest()
            verify.module = "accounts"
            let verified = try await host.host.verifyAudit(verify)
            XCTAssertTrue(verified.intact)
            XCTAssertEqual(verified.recordsChecked, 11)
        }
    }
}
