import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

final class PremiseTests: XCTestCase {
    func testPremisesGetAssignedOrOwnIDsAndStayVacantUntilServiceStarts() async throws {
        try await withAccountsHost { host in
            let first = try await host.client.createPremise(newPremise("12 Oak St"))
            XCTAssertEqual(first.premise.id, "P000001")
            XCTAssertEqual(first.premise.weatherZone, "north")
            XCTAssertEqual(first.premise.premiseType, "residential")
            XCTAssertTrue(first.premise.vacant)
            XCTAssertEqual(first.premise.serviceAddress, address("12 Oak St"))

            let own = try await host.client.createPremise(newPremise("1 Main St", id: "P000002", type: "commercial"))
            XCTAssertEqual(own.premise.id, "P000002")
            let next = try await host.client.createPremise(newPremise("14 Oak St"))
            XCTAssertEqual(next.premise.id, "P000003", "an assigned id skips one the utility already used")

            await assertRPCError(.alreadyExists, containing: "premise P000002 already exists") {
                try await host.client.createPremise(newPremise("1 Main St", id: "P000002"))
            }
            await assertRPCError(.invalidArgument, containing: "premise_id 'p-7'") { try await host.client.createPremise(newPremise("9 Elm", id: "p-7")) }
            await assertRPCError(.invalidArgument, containing: "premise_type 'castle' is not one of") {
                try await host.client.createPremise(newPremise("9 Elm", type: "castle"))
            }
            await assertRPCError(.invalidArgument, containing: "weather_zone 'North Side'") {
                try await host.client.createPremise(newPremise("9 Elm", zone: "North Side"))
            }
            var noAddress = newPremise("x")
            noAddress.serviceAddress = .init()
            await assertRPCError(.invalidArgument, containing: "service_address is required") { try await host.client.createPremise(noAddress) }

            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            _ = try await host.client.moveIn(moveInNew(customer: "C000001", premise: "P000001", date: "2025-03-01", services: [service("electric")]))
            var get = Settle_Accounts_V1_GetPremiseRequest()
            get.premiseID = "P000001"
            let occupied = try await host.client.getPremise(get)
            XCTAssertFalse(occupied.premise.vacant)
            XCTAssertEqual(occupied.agreements.map(\.serviceType), ["electric"])

            var vacantOnly = Settle_Accounts_V1_ListPremisesRequest()
            vacantOnly.vacant = true
            let vacant = try await host.client.listPremises(vacantOnly)
            XCTAssertEqual(vacant.premises.map(\.id), ["P000002", "P000003"])
            vacantOnly.vacant = false
            let occupiedList = try await host.client.listPremises(vacantOnly)
            XCTAssertEqual(occupiedList.premises.map(\.id), ["P000001"])

            get.premiseID = "P009999"
            await assertRPCError(.notFound, containing: "premise P009999 does not exist") { try await host.client.getPremise(get) }
        }
    }

    func testUpdateChangesOnlyWhatIsGiven() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createPremise(newPremise("12 Oak St", zone: "north"))
            _ = try await host.client.createPremise(newPremise("3 River Rd", zone: "south"))
            var update = Settle_Accounts_V1_UpdatePremiseRequest()
            update.idempotencyKey = freshKey()
            update.premiseID = "P000001"
            update.weatherZone = "river-valley"
            let updated = try await host.client.updatePremise(update, options: because("zone map revised"))
            XCTAssertEqual(updated.premise.weatherZone, "river-valley")
            XCTAssertEqual(updated.premise.serviceAddress.line1, "12 Oak St")
            XCTAssertEqual(updated.premise.premiseType, "residential")

            var byZone = Settle_Accounts_V1_ListPremisesRequest()
            byZone.weatherZone = "river-valley"
            let inZone = try await host.client.listPremises(byZone)
            XCTAssertEqual(inZone.premises.map(\.id), ["P000001"])

            let audit = try await host.store().auditRecords(entity: "premise/P000001")
            XCTAssertEqual(audit.map(\.method.lastPathComponent), ["CreatePremise", "UpdatePremise"])
            XCTAssertEqual(audit[1].reason, "zone map revised")
        }
    }
}
