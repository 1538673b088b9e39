import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

final class AccessTests: XCTestCase {
    func testAViewerReadsButCannotChangeAndAClerkCan() async throws {
        try await withAccountsHost { host in
            let viewer = host.client(role: .viewer)
            await assertRPCError(.permissionDenied, containing: "/settle.accounts.v1.Accounts/CreateCustomer requires role clerk", "has role viewer") {
                try await viewer.createCustomer(newCustomer("Ada Lovelace"))
            }
            await assertRPCError(.permissionDenied, containing: "MoveIn requires role clerk") {
                try await viewer.moveIn(moveInNew(customer: "C000001", premise: "P000001", date: "2025-01-01", services: [service("electric")]))
            }
            let none = try await viewer.listCustomers(.init())
            XCTAssertEqual(none.customers.count, 0, "nothing was created by the refused call")

            let clerk = host.client(role: .clerk)
            let created = try await clerk.createCustomer(newCustomer("Ada Lovelace"))
            XCTAssertEqual(created.customer.id, "C000001")
            let audit = try await host.store().auditRecords(entity: "customer/C000001")
            XCTAssertEqual(audit.map(\.actor), ["uid:1000"])

            var get = Settle_Accounts_V1_GetCustomerRequest()
            get.customerID = "C000001"
            let read = try await viewer.getCustomer(get)
            XCTAssertEqual(read.customer.name, "Ada Lovelace")
        }
    }
}
