import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

final class MoveOutTests: XCTestCase {
    private func setUp(_ host: AccountsHost) async throws {
        _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
        _ = try await host.client.createPremise(newPremise("12 Oak St"))
        _ = try await host.client.moveIn(moveInNew(
            customer: "C000001", premise: "P000001", date: "2025-01-10",
            services: [service("electric"), service("water", "W-RES"), service("wastewater", "WW-RES")], key: "mi"))
    }

    func testMovingOutOfSomeServicesKeepsTheAccountActive() async throws {
        try await withAccountsHost { host in
            try await setUp(host)
            let out = try await host.client.moveOut(moveOut(account: "100001", date: "2025-04-15", services: ["water", "wastewater"], key: "mo-1"))
            XCTAssertFalse(out.accountFinaled)
            XCTAssertEqual(out.account.status, "active")
            XCTAssertEqual(out.account.activeAgreements, 1)
            XCTAssertEqual(out.agreements.map(\.serviceType), ["water", "wastewater"])
            XCTAssertEqual(out.agreements.map(\.status), ["pending_final", "pending_final"])
            XCTAssertEqual(out.agreements.map(\.endDate), ["2025-04-15", "2025-04-15"])
            XCTAssertEqual(out.agreements.map(\.premiseVacant), [false, false], "electric is still active at the premise")
            let finals = host.reads.calls.filter { $0.kind == "final" }
            XCTAssertEqual(finals.map(\.idempotencyKey), ["mo-1/final-read/P000001/water", "mo-1/final-read/P000001/wastewater"])
            XCTAssertEqual(finals.map(\.date), ["2025-04-15", "2025-04-15"])
            XCTAssertEqual(finals.map(\.reason), ["move-out account 100001", "move-out account 100001"])
        }
    }

    func testMovingOutOfTheLastServiceFinalsTheAccountAndARetryChangesNothing() async throws {
        try await withAccountsHost { host in
            try await setUp(host)
            let request = moveOut(account: "100001", date: "2025-04-30", key: "mo-2")
            let out = try await host.client.moveOut(request, options: because("tenant moved away"))
            XCTAssertTrue(out.accountFinaled)
            XCTAssertEqual(out.account.status, "final")
            XCTAssertEqual(out.account.finalDate, "2025-04-30")
            XCTAssertEqual(out.account.activeAgreements, 0)
            XCTAssertEqual(out.agreements.map(\.id), [1, 2, 3])
            XCTAssertEqual(out.agreements.map(\.premiseVacant), [true, true, true])
            XCTAssertEqual(out.readRequests.map(\.kind), ["final", "final", "final"])
            XCTAssertEqual(out.readRequests.map(\.requested), [true, true, true])

            let auditCount = try await host.store().auditRecords().count
            let retried = try await host.client.moveOut(request, options: because("tenant moved away"))
            XCTAssertEqual(retried, out)
            let auditAfterRetry = try await host.store().auditRecords().count
            XCTAssertEqual(auditAfterRetry, auditCount)
            XCTAssertEqual(host.reads.distinctKeys.filter { $0.hasPrefix("mo-2/") }.count, 3)

            let audit = try await host.store().auditRecords(entity: "agreement/1")
            XCTAssertEqual(audit.map(\.method.lastPathComponent), ["MoveIn", "MoveOut"])
            XCTAssertTrue(audit[1].before.contains("\"status\":\"active\""), audit[1].before)
            XCTAssertTrue(audit[1].after.contains("\"status\":\"pending_final\""), audit[1].after)
            XCTAssertEqual(audit[1].reason, "tenant moved away")

            var get = Settle_Accounts_V1_GetPremiseRequest()
            get.premiseID = "P000001"
            let premise = try await host.client.getPremise(get)
            XCTAssertTrue(premise.premise.vacant)

            await assertRPCError(.failedPrecondition, containing: "account 100001 is final; only an active account can move out") {
                try await host.client.moveOut(moveOut(account: "100001", date: "2025-05-01"))
            }
        }
    }

    func testMoveOutIsCheckedAgainstTheAgreements() async throws {
        try await withAccountsHost { host in
            try await setUp(host)
            await assertRPCError(.invalidArgument, containing: "date 2025-01-09 is before agreement 1 (electric at P000001) started (2025-01-10)") {
                try await host.client.moveOut(moveOut(account: "100001", date: "2025-01-09"))
            }
            await assertRPCError(.failedPrecondition, containing: "account 100001 has no active agreement at premise P000002 to move out of") {
                try await host.client.moveOut(moveOut(account: "100001", date: "2025-02-01", premise: "P000002"))
            }
            await assertRPCError(.failedPrecondition, containing: "has no active agreement for solid_waste") {
                try await host.client.moveOut(moveOut(account: "100001", date: "2025-02-01", services: ["solid_waste"]))
            }
            await assertRPCError(.invalidArgument, containing: "service_types[0] 'gas'") {
                try await host.client.moveOut(moveOut(account: "100001", date: "2025-02-01", services: ["gas"]))
            }
            await assertRPCError(.notFound, containing: "account 100077 does not exist") {
                try await host.client.moveOut(moveOut(account: "100077", date: "2025-02-01"))
            }
            let agreements = try await host.client.listServiceAgreements(.init())
            XCTAssertEqual(agreements.agreements.map(\.status), ["active", "active", "active"])
        }
    }
}
