import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

final class TaxExemptionTests: XCTestCase {
    private func check(_ host: AccountsHost, _ date: String, taxType: String = "sales-tax") async throws -> Settle_Accounts_V1_CheckTaxExemptionResponse {
        var request = Settle_Accounts_V1_CheckTaxExemptionRequest()
        request.customerID = "C000001"
        request.taxType = taxType
        request.date = date
        return try await host.client.checkTaxExemption(request)
    }

    func testExemptFromEffectiveThroughExpiryInclusive() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Springfield School District", kind: "organisation"))
            let added = try await host.addExemption(certificate: "ST-5501", effective: "2025-01-01", expiry: "2025-12-31")
            XCTAssertEqual(added.customer.taxExemptions.count, 1)
            let certificate = added.customer.taxExemptions[0]
            XCTAssertEqual(certificate.id, 1)
            XCTAssertEqual(certificate.taxType, "sales-tax")
            XCTAssertEqual(certificate.certificateNumber, "ST-5501")

            let before = try await check(host, "2024-12-31")
            XCTAssertFalse(before.exempt)
            XCTAssertFalse(before.hasCertificate)
            let onStart = try await check(host, "2025-01-01")
            XCTAssertTrue(onStart.exempt)
            XCTAssertEqual(onStart.certificate, certificate)
            let onExpiry = try await check(host, "2025-12-31")
            XCTAssertTrue(onExpiry.exempt)
            XCTAssertEqual(onExpiry.certificate.certificateNumber, "ST-5501")
            let after = try await check(host, "2026-01-01")
            XCTAssertFalse(after.exempt)
            let otherTax = try await check(host, "2025-06-01", taxType: "franchise-fee")
            XCTAssertFalse(otherTax.exempt)
        }
    }

    func testSeveralCertificatesOverTimeAndEndingOneEarly() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Springfield School District", kind: "organisation"))
            _ = try await host.addExemption(certificate: "ST-5501", effective: "2025-01-01", expiry: "2025-12-31")
            let renewed = try await host.addExemption(certificate: "ST-7702", effective: "2026-01-01", expiry: "")
            XCTAssertEqual(renewed.customer.taxExemptions.map(\.certificateNumber), ["ST-5501", "ST-7702"])
            let newYear = try await check(host, "2026-01-01")
            XCTAssertEqual(newYear.certificate.certificateNumber, "ST-7702")
            let farFuture = try await check(host, "2030-07-04")
            XCTAssertTrue(farFuture.exempt)

            var end = Settle_Accounts_V1_EndTaxExemptionRequest()
            end.idempotencyKey = freshKey()
            end.customerID = "C000001"
            end.exemptionID = 2
            end.endDate = "2026-06-30"
            end.endedReason = "revoked by the state"
            let ended = try await host.client.endTaxExemption(end)
            XCTAssertEqual(ended.customer.taxExemptions[1].expiryDate, "2026-06-30")
            XCTAssertEqual(ended.customer.taxExemptions[1].endedReason, "revoked by the state")
            let lastDay = try await check(host, "2026-06-30")
            XCTAssertTrue(lastDay.exempt)
            let dayAfter = try await check(host, "2026-07-01")
            XCTAssertFalse(dayAfter.exempt)

            end.idempotencyKey = freshKey()
            end.endDate = "2027-01-01"
            await assertRPCError(.failedPrecondition, containing: "already expires on 2026-06-30") { try await host.client.endTaxExemption(end) }
            end.idempotencyKey = freshKey()
            end.endDate = "2025-12-31"
            await assertRPCError(.invalidArgument, containing: "end_date 2025-12-31 is before tax exemption 2 takes effect (2026-01-01)") {
                try await host.client.endTaxExemption(end)
            }
            end.idempotencyKey = freshKey()
            end.exemptionID = 9
            end.endDate = "2026-05-01"
            await assertRPCError(.notFound, containing: "customer C000001 has no tax exemption 9") { try await host.client.endTaxExemption(end) }

            let audit = try await host.store().auditRecords(entity: "customer/C000001")
            XCTAssertEqual(audit.map(\.method.lastPathComponent), ["CreateCustomer", "AddTaxExemption", "AddTaxExemption", "EndTaxExemption"])
        }
    }

    func testBadDatesAndTypesAreNamed() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Springfield School District", kind: "organisation"))
            await assertRPCError(.invalidArgument, containing: "effective_date: '2025-02-29' is not a date") {
                try await host.addExemption(certificate: "X", effective: "2025-02-29", expiry: "")
            }
            await assertRPCError(.invalidArgument, containing: "expiry_date: '2025-13-01' is not a date") {
                try await host.addExemption(certificate: "X", effective: "2025-01-01", expiry: "2025-13-01")
            }
            await assertRPCError(.invalidArgument, containing: "expiry_date 2024-12-31 is before effective_date 2025-01-01") {
                try await host.addExemption(certificate: "X", effective: "2025-01-01", expiry: "2024-12-31")
            }
            await assertRPCError(.invalidArgument, containing: "tax_type 'Sales Tax'") {
                try await host.addExemption(taxType: "Sales Tax", certificate: "X", effective: "2025-01-01", expiry: "")
            }
            await assertRPCError(.invalidArgument, containing: "date: '01/02/2025' is not a date") { try await self.check(host, "01/02/2025") }
        }
    }

    /// The listing of customers whose certificates lapse in a window: an exemption expiring
    /// inside it (either end inclusive) lists its customer once; one expiring outside it, or
    /// ended early, does not; half a window is refused naming both fields.
    func testListingCustomersWhoseExemptionExpiresInAWindow() async throws {
        try await withAccountsHost { host in
            for name in ["Springfield School District", "Shelbyville Library", "Capital City Church", "Ogdenville Clinic"] {
                _ = try await host.client.createCustomer(newCustomer(name, kind: "organisation"))
            }
            _ = try await host.addExemption(customer: "C000001", certificate: "ST-1", effective: "2025-01-01", expiry: "2025-06-01")
            _ = try await host.addExemption(customer: "C000001", taxType: "franchise-fee", certificate: "FF-1", effective: "2025-01-01", expiry: "2025-06-20")
            _ = try await host.addExemption(customer: "C000002", certificate: "ST-2", effective: "2025-01-01", expiry: "2025-09-01")
            _ = try await host.addExemption(customer: "C000003", certificate: "ST-3", effective: "2025-01-01", expiry: "2025-06-20")
            var end = Settle_Accounts_V1_EndTaxExemptionRequest()
            end.idempotencyKey = freshKey()
            end.customerID = "C000003"
            end.exemptionID = 4
            end.endDate = "2025-03-31"
            end.endedReason = "revoked by the state"
            _ = try await host.client.endTaxExemption(end)
            _ = try await host.addExemption(customer: "C000004", certificate: "ST-4", effective: "2025-01-01", expiry: "2025-07-01")

            var list = Settle_Accounts_V1_ListCustomersRequest()
            list.taxExemptionExpiringFrom = "2025-06-01"
            list.taxExemptionExpiringTo = "2025-07-01"
            let wholeWindow = try await host.client.listCustomers(list).customers.map(\.id)
            XCTAssertEqual(wholeWindow, ["C000001", "C000004"])
            list.taxExemptionExpiringFrom = "2025-06-02"
            list.taxExemptionExpiringTo = "2025-06-30"
            let inside = try await host.client.listCustomers(list).customers.map(\.id)
            XCTAssertEqual(inside, ["C000001"])

            list.taxExemptionExpiringTo = ""
            await assertRPCError(.invalidArgument, containing: "tax_exemption_expiring_from and tax_exemption_expiring_to go together") {
                _ = try await host.client.listCustomers(list)
            }
            list.taxExemptionExpiringTo = "2025-05-01"
            await assertRPCError(.invalidArgument, containing: "tax_exemption_expiring_to 2025-05-01 is before tax_exemption_expiring_from 2025-06-02") {
                _ = try await host.client.listCustomers(list)
            }
        }
    }
}
