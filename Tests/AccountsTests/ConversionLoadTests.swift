import SettleContracts
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf
import XCTest

final class ConversionLoadTests: XCTestCase {
    private func record(_ external: String, premise: String, cycle: UInt32 = 4, services: [Settle_Accounts_V1_ServiceRequest] = [service("electric")]) -> Settle_Accounts_V1_LoadAccountRecord {
        .with {
            $0.externalID = external
            $0.customerKind = "person"
            $0.customerName = "Customer \(external)"
            $0.contact.phone = "512-555-0100"
            $0.premiseID = premise
            $0.serviceAddress = address("\(external) Lamar Blvd")
            $0.weatherZone = "central"
            $0.premiseType = "residential"
            $0.billCycle = cycle
            $0.serviceStartDate = "2025-08-01"
            $0.services = services
        }
    }

    func testALoadCreatesEverythingRejectsBadRecordsAndAReloadChangesNothing() async throws {
        try await withAccountsHost { host in
            var withCertificates = record("L-1", premise: "DP000001", services: [service("electric"), service("water", "WTR-RES")])
            withCertificates.customerKind = "organisation"
            withCertificates.taxExemptions = [.with { $0.taxType = "sales-tax"; $0.certificateNumber = "TX-9"; $0.effectiveDate = "2025-01-01"; $0.expiryDate = "2026-04-15" }]
            withCertificates.criticalCare = [.with { $0.certifiedBy = "Dr. Osei"; $0.effectiveDate = "2025-06-01"; $0.expiryDate = "2026-05-31" }]
            var badCycle = record("L-2", premise: "DP000002", cycle: 21)
            badCycle.customerName = "Bad Cycle"
            let clash = record("L-3", premise: "DP000001")  // electric already active there
            let fine = record("L-4", premise: "DP000004")
            let request = Settle_Accounts_V1_LoadAccountsRequest.with {
                $0.idempotencyKey = "load-1"
                $0.records = [withCertificates, badCycle, clash, fine]
            }
            let first = try await host.client.loadAccounts(request)
            XCTAssertEqual(first.loaded, 2)
            XCTAssertEqual(first.alreadyLoaded, 0)
            XCTAssertEqual(first.accounts.map(\.externalID), ["L-1", "L-4"])
            XCTAssertEqual(first.accounts.map(\.accountNumber), ["100001", "100002"])
            XCTAssertEqual(first.accounts.first?.agreementIds.count, 2)
            XCTAssertEqual(first.rejected.map(\.position), [1, 2])
            XCTAssertTrue(first.rejected[0].reason.contains("bill_cycle"), first.rejected[0].reason)
            XCTAssertTrue(first.rejected[1].reason.contains("already has an active electric agreement"), first.rejected[1].reason)

            let account = try await host.client.getAccount(.with { $0.accountNumber = "100001" })
            XCTAssertEqual(account.account.billCycle, 4)
            XCTAssertEqual(account.account.openedDate, "2025-08-01")
            let customer = try await host.client.getCustomer(.with { $0.customerID = first.accounts[0].customerID })
            XCTAssertEqual(customer.customer.taxExemptions.map(\.expiryDate), ["2026-04-15"])
            XCTAssertEqual(customer.customer.criticalCare.map(\.certifiedBy), ["Dr. Osei"])
            let customers = try await host.client.listCustomers(.with { $0.pageSize = 100 })
            XCTAssertEqual(customers.customers.map(\.name), ["Customer L-1", "Customer L-4"], "nothing of a rejected record is stored")

            // The same records under a new key: loaded before, so nothing is created twice.
            var again = request
            again.idempotencyKey = "load-2"
            again.records = [withCertificates, fine]
            let second = try await host.client.loadAccounts(again)
            XCTAssertEqual(second.loaded, 0)
            XCTAssertEqual(second.alreadyLoaded, 2)
            XCTAssertEqual(second.accounts.map(\.accountNumber), ["100001", "100002"])
            XCTAssertEqual(second.accounts.map(\.alreadyLoaded), [true, true])
            let listed = try await host.client.listAccounts(.with { $0.pageSize = 100 })
            XCTAssertEqual(listed.accounts.count, 2)

            let audit = try await host.store().auditRecords(limit: 1_000)
            XCTAssertEqual(audit.filter { $0.method.hasSuffix("/LoadAccounts") }.count, 2, "one audit record per loaded record")
            let verification = try await host.store().verifyAuditChain()
            XCTAssertTrue(verification.intact)
        }
    }

    func testTooManyRecordsInOneCallIsRefused() async throws {
        try await withAccountsHost { host in
            let request = Settle_Accounts_V1_LoadAccountsRequest.with {
                $0.idempotencyKey = "too-many"
                $0.records = Array(repeating: record("X", premise: "DP1"), count: 5_001)
            }
            do {
                _ = try await host.client.loadAccounts(request)
                XCTFail("5,001 records were accepted")
            } catch let error as RPCError {
                XCTAssertEqual(error.code, .invalidArgument)
                XCTAssertTrue(error.message.contains("at most 5000"), error.message)
            }
        }
    }
}

final class AgreementsByAccountsTests: XCTestCase {
    func testListingOnlyTheGivenAccounts() async throws {
        try await withAccountsHost { host in
            let records: [Settle_Accounts_V1_LoadAccountRecord] = (1...3).map { index in
                .with {
                    $0.externalID = "A-\(index)"
                    $0.customerKind = "person"
                    $0.customerName = "Customer \(index)"
                    $0.contact.phone = "512-555-0100"
                    $0.premiseID = "DP00000\(index)"
                    $0.serviceAddress = address("\(index) Oak St")
                    $0.weatherZone = "north"
                    $0.premiseType = "residential"
                    $0.billCycle = 4
                    $0.serviceStartDate = "2025-08-01"
                    $0.services = [service("electric"), service("water", "WTR-RES")]
                }
            }
            _ = try await host.client.loadAccounts(.with { $0.idempotencyKey = "load"; $0.records = records })
            let listed = try await host.client.listServiceAgreements(.with { $0.accountNumbers = ["100001", "100003"]; $0.pageSize = 1 })
            XCTAssertEqual(listed.agreements.map(\.accountNumber), ["100001"])
            var all: [String] = []
            var request = Settle_Accounts_V1_ListServiceAgreementsRequest.with { $0.accountNumbers = ["100001", "100003"]; $0.pageSize = 3 }
            while true {
                let page = try await host.client.listServiceAgreements(request)
                all += page.agreements.map { "\($0.accountNumber)/\($0.serviceType)" }
                guard !page.nextPageToken.isEmpty else { break }
                request.pageToken = page.nextPageToken
            }
            XCTAssertEqual(all, ["100001/electric", "100001/water", "100003/electric", "100003/water"])
            do {
                _ = try await host.client.listServiceAgreements(.with { $0.accountNumbers = ["100001", "C1"] })
                XCTFail("a bad account number was accepted")
            } catch let error as RPCError {
                XCTAssertEqual(error.code, .invalidArgument)
                XCTAssertTrue(error.message.contains("account_numbers 'C1'"), error.message)
            }
        }
    }
}
