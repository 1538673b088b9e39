import GRDB
import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

final class ListingTests: XCTestCase {
    /// Three customers, three premises, four accounts, six agreements (ids in creation order):
    /// 1 Ada electric P1, 2 Ada water P1 (100001, cycle 3); 3 Grace electric P2 (100002, cycle 5,
    /// moved out 2025-06-30); 4 Acme electric, 5 Acme solid waste P3 (100003, cycle 5,
    /// small_commercial); 6 Dan electric P2 from 2025-06-30 (100004, cycle 3).
    private func setUp(_ host: AccountsHost) async throws {
        for name in ["Ada Lovelace", "Grace Hopper", "Dan Brown"] { _ = try await host.client.createCustomer(newCustomer(name)) }
        _ = try await host.client.createCustomer(newCustomer("Acme Feed Store", kind: "organisation"))
        _ = try await host.client.createPremise(newPremise("12 Oak St"))
        _ = try await host.client.createPremise(newPremise("14 Oak St"))
        _ = try await host.client.createPremise(newPremise("1 Mill Rd", zone: "south", type: "commercial"))
        _ = try await host.client.moveIn(moveInNew(customer: "C000001", premise: "P000001", date: "2025-01-01", services: [service("electric"), service("water", "W-RES")], cycle: 3))
        _ = try await host.client.moveIn(moveInNew(customer: "C000002", premise: "P000002", date: "2025-01-01", services: [service("electric")], cycle: 5))
        _ = try await host.client.moveIn(moveInNew(
            customer: "C000004", premise: "P000003", date: "2025-02-01",
            services: [service("electric", "SC-1", "small_commercial"), service("solid_waste", "SW-COM", "small_commercial")], cycle: 5))
        _ = try await host.client.moveOut(moveOut(account: "100002", date: "2025-06-30"))
        _ = try await host.client.moveIn(moveInNew(customer: "C000003", premise: "P000002", date: "2025-06-30", services: [service("electric")], cycle: 3))
    }

    private func accounts(_ host: AccountsHost, _ configure: (inout Settle_Accounts_V1_ListAccountsRequest) -> Void) async throws -> [String] {
        var request = Settle_Accounts_V1_ListAccountsRequest()
        configure(&request)
        return try await host.client.listAccounts(request).accounts.map(\.number)
    }

    private func agreements(_ host: AccountsHost, _ configure: (inout Settle_Accounts_V1_ListServiceAgreementsRequest) -> Void) async throws -> [UInt64] {
        var request = Settle_Accounts_V1_ListServiceAgreementsRequest()
        configure(&request)
        return try await host.client.listServiceAgreements(request).agreements.map(\.id)
    }

    func testAccountsByCycleStatusCustomerPremiseAndRateClass() async throws {
        try await withAccountsHost { host in
            try await setUp(host)
            let all = try await accounts(host) { _ in }
            XCTAssertEqual(all, ["100001", "100002", "100003", "100004"])
            let cycle3 = try await accounts(host) { $0.billCycle = 3 }
            XCTAssertEqual(cycle3, ["100001", "100004"])
            let cycle5 = try await accounts(host) { $0.billCycle = 5 }
            XCTAssertEqual(cycle5, ["100002", "100003"])
            let final = try await accounts(host) { $0.status = "final" }
            XCTAssertEqual(final, ["100002"])
            let active = try await accounts(host) { $0.status = "active" }
            XCTAssertEqual(active, ["100001", "100003", "100004"])
            let grace = try await accounts(host) { $0.customerID = "C000002" }
            XCTAssertEqual(grace, ["100002"])
            let occupants = try await accounts(host) { $0.premiseID = "P000002" }
            XCTAssertEqual(occupants, ["100002", "100004"])
            let commercial = try await accounts(host) { $0.rateClass = "small_commercial" }
            XCTAssertEqual(commercial, ["100003"])
            let residential = try await accounts(host) { $0.rateClass = "residential" }
            XCTAssertEqual(residential, ["100001", "100002", "100004"], "a pending final bill still counts for its rate class")
            let combined = try await accounts(host) { $0.billCycle = 3; $0.premiseID = "P000002" }
            XCTAssertEqual(combined, ["100004"])

            var page = Settle_Accounts_V1_ListAccountsRequest()
            page.pageSize = 3
            let first = try await host.client.listAccounts(page)
            XCTAssertEqual(first.accounts.map(\.number), ["100001", "100002", "100003"])
            page.pageToken = first.nextPageToken
            let second = try await host.client.listAccounts(page)
            XCTAssertEqual(second.accounts.map(\.number), ["100004"])
            XCTAssertEqual(second.nextPageToken, "")
            XCTAssertEqual(first.accounts[0].customerName, "Ada Lovelace")
            XCTAssertEqual(first.accounts[0].activeAgreements, 2)

            await assertRPCError(.invalidArgument, containing: "bill_cycle 21 is out of range") { try await self.accounts(host) { $0.billCycle = 21 } }
            await assertRPCError(.invalidArgument, containing: "status 'open' is not one of active, final, closed") { try await self.accounts(host) { $0.status = "open" } }
        }
    }

    func testAgreementsByCyclePremiseAccountStatusServiceRateClassAndPeriod() async throws {
        try await withAccountsHost { host in
            try await setUp(host)
            let cycle5 = try await agreements(host) { $0.billCycle = 5 }
            XCTAssertEqual(cycle5, [3, 4, 5])
            let pending = try await agreements(host) { $0.statuses = ["pending_final"] }
            XCTAssertEqual(pending, [3])
            let open = try await agreements(host) { $0.statuses = ["active", "pending_final"] }
            XCTAssertEqual(open, [1, 2, 3, 4, 5, 6])
            let water = try await agreements(host) { $0.serviceType = "water" }
            XCTAssertEqual(water, [2])
            let commercial = try await agreements(host) { $0.rateClass = "small_commercial" }
            XCTAssertEqual(commercial, [4, 5])
            let acme = try await agreements(host) { $0.accountNumber = "100003" }
            XCTAssertEqual(acme, [4, 5])
            let oakSt14 = try await agreements(host) { $0.premiseID = "P000002" }
            XCTAssertEqual(oakSt14, [3, 6])
            let july = try await agreements(host) { $0.inServiceFrom = "2025-07-01"; $0.inServiceTo = "2025-07-31" }
            XCTAssertEqual(july, [1, 2, 4, 5, 6])
            let june = try await agreements(host) { $0.inServiceFrom = "2025-06-01"; $0.inServiceTo = "2025-06-30" }
            XCTAssertEqual(june, [1, 2, 3, 4, 5, 6], "an agreement ending or starting inside the period is in it")
            let january = try await agreements(host) { $0.inServiceFrom = "2025-01-01"; $0.inServiceTo = "2025-01-31" }
            XCTAssertEqual(january, [1, 2, 3])
            let cycle3July = try await agreements(host) { $0.billCycle = 3; $0.inServiceFrom = "2025-07-01"; $0.inServiceTo = "2025-07-31" }
            XCTAssertEqual(cycle3July, [1, 2, 6])

            var request = Settle_Accounts_V1_ListServiceAgreementsRequest()
            request.premiseID = "P000002"
            let rows = try await host.client.listServiceAgreements(request).agreements
            XCTAssertEqual(rows.map(\.accountNumber), ["100002", "100004"])
            XCTAssertEqual(rows.map(\.status), ["pending_final", "active"])
            XCTAssertEqual(rows.map(\.endDate), ["2025-06-30", ""])
            XCTAssertEqual(rows.map(\.premiseVacant), [false, false])
            XCTAssertEqual(rows.map(\.accountStatus), ["final", "active"])
            XCTAssertEqual(rows.map(\.billCycle), [5, 3])
            XCTAssertEqual(rows.map(\.customerID), ["C000002", "C000003"])

            await assertRPCError(.invalidArgument, containing: "statuses 'ended' is not one of active, pending_final, final") {
                try await self.agreements(host) { $0.statuses = ["ended"] }
            }
            await assertRPCError(.invalidArgument, containing: "in_service_from and in_service_to go together") {
                try await self.agreements(host) { $0.inServiceFrom = "2025-07-01" }
            }
            await assertRPCError(.invalidArgument, containing: "in_service_to 2025-06-01 is before in_service_from 2025-07-01") {
                try await self.agreements(host) { $0.inServiceFrom = "2025-07-01"; $0.inServiceTo = "2025-06-01" }
            }
            await assertRPCError(.invalidArgument, containing: "page_token 'garbage' is not one this method returned") {
                try await self.agreements(host) { $0.pageToken = "garbage" }
            }
            var accountsPage = Settle_Accounts_V1_ListAccountsRequest()
            accountsPage.pageSize = 1
            let accountToken = try await host.client.listAccounts(accountsPage).nextPageToken
            await assertRPCError(.invalidArgument, containing: "is not one this method returned") {
                try await self.agreements(host) { $0.pageToken = accountToken }
            }
        }
    }

    /// 25,000 agreements (6,250 premises × 4 services over 200 accounts in 20 cycles), seeded
    /// straight into the store for speed: every page walk returns each agreement exactly once.
    func testPagingAcross25000AgreementsReturnsEachExactlyOnce() async throws {
        try await withAccountsHost { host in
            let services = ["electric", "water", "wastewater", "solid_waste"]
            try await host.store().write { db in
                try db.execute(sql: "INSERT INTO customer (id, kind, name) VALUES (1, 'organisation', 'Volume Test Co')")
                for index in 0..<200 {
                    try db.execute(
                        sql: "INSERT INTO account (number, customer_id, status, bill_cycle, deposit_cents, opened_date) VALUES (?, 1, 'active', ?, 0, '2024-01-01')",
                        arguments: [100_001 + index, index % 20 + 1])
                }
                for premise in 1...6_250 {
                    let id = "P" + String(repeating: "0", count: 6 - String(premise).count) + String(premise)
                    try db.execute(
                        sql: "INSERT INTO premise (id, line1, city, state, postal_code, weather_zone, premise_type) VALUES (?, ?, 'Springfield', 'IL', '62701', 'north', 'residential')",
                        arguments: [id, "\(premise) Grid St"])
                    for service in services {
                        try db.execute(
                            sql: """
                                INSERT INTO service_agreement (account_number, premise_id, service_type, rate_schedule, rate_class, start_date, status)
                                VALUES (?, ?, ?, 'RES-1', 'residential', '2024-01-01', 'active')
                                """,
                            arguments: [100_001 + (premise - 1) % 200, id, service])
                    }
                }
            }

            func walk(pageSize: UInt32, cycle: UInt32 = 0) async throws -> (pages: [Int], ids: [UInt64], cycles: Set<UInt32>) {
                var request = Settle_Accounts_V1_ListServiceAgreementsRequest()
                request.pageSize = pageSize
                request.billCycle = cycle
                var pages: [Int] = []
                var ids: [UInt64] = []
                var cycles = Set<UInt32>()
                repeat {
                    let page = try await host.client.listServiceAgreements(request)
                    pages.append(page.agreements.count)
                    ids += page.agreements.map(\.id)
                    cycles.formUnion(page.agreements.map(\.billCycle))
                    request.pageToken = page.nextPageToken
                } while !request.pageToken.isEmpty
                return (pages, ids, cycles)
            }

            let big = try await walk(pageSize: 10_000)
            XCTAssertEqual(big.pages, [10_000, 10_000, 5_000])
            XCTAssertEqual(big.ids, Array(1...25_000).map(UInt64.init), "each agreement once, in id order")

            let clamped = try await walk(pageSize: 50_000)
            XCTAssertEqual(clamped.pages, [10_000, 10_000, 5_000], "a page is at most 10,000")

            let small = try await walk(pageSize: 999)
            XCTAssertEqual(small.pages.count, 26)
            XCTAssertEqual(small.pages.last, 25)
            XCTAssertEqual(Set(small.ids).count, 25_000)
            XCTAssertEqual(small.ids.count, 25_000)

            // Premise p belongs to account (p-1) % 200, whose cycle is (p-1) % 20 + 1.
            let cycle1 = try await walk(pageSize: 500, cycle: 1)
            let expected = (1...6_250).filter { ($0 - 1) % 20 == 0 }.count * services.count
            XCTAssertEqual(cycle1.ids.count, expected)
            XCTAssertEqual(cycle1.ids.count, 1_252)
            XCTAssertEqual(Set(cycle1.ids).count, 1_252)
            XCTAssertEqual(cycle1.cycles, [1])

            var accountsRequest = Settle_Accounts_V1_ListAccountsRequest()
            accountsRequest.billCycle = 20
            let cycle20Accounts = try await host.client.listAccounts(accountsRequest)
            XCTAssertEqual(cycle20Accounts.accounts.count, 10)
            XCTAssertEqual(cycle20Accounts.accounts.first?.number, "100020")
            XCTAssertEqual(cycle20Accounts.accounts.first?.activeAgreements, 128, "32 premises × 4 services")
        }
    }
}
