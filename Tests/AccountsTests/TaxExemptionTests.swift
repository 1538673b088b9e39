import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

final class TaxExemptionTests: XCTestCase {
    private func addExemption(
        _ host: AccountsHost, taxType: String = "sales-tax", certificate: String, effective: String, expiry: String
    ) async throws -> Settle_Accounts_V1_CustomerResponse {
        var request = Settle_Accounts_V1_AddTaxExemptionRequest()
        request.idempotencyKey = freshKey("exemption")
        request.customerID = "C000001"
        request.taxType = taxType
        request.certificateNumber = certificate
        request.effectiveDate = effective
        request.expiryDate = expiry
        return try await host.client.addTaxExemption(request)
    }

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
            let added = try await addExemption(host, certificate: "ST-5501", effective: "2025-01-01", expiry: "2025-12-31")
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
            _ = try await addExemption(host, certificate: "ST-5501", effective: "2025-01-01", expiry: "2025-12-31")
            let renewed = try await addExemption(host, certificate: "ST-7702", effective: "2026-01-01", expiry: "")
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
            await assertRPCError(.invalidArgument, containing: "effective_date '2025-02-29' is not a calendar date") {
                try await self.addExemption(host, certificate: "X", effective: "2025-02-29", expiry: "")
            }
            await assertRPCError(.invalidArgument, containing: "expiry_date '2025-13-01' is not a calendar date") {
                try await self.addExemption(host, certificate: "X", effective: "2025-01-01", expiry: "2025-13-01")
            }
            await assertRPCError(.invalidArgument, containing: "expiry_date 2024-12-31 is before effective_date 2025-01-01") {
                try await self.addExemption(host, certificate: "X", effective: "2025-01-01", expiry: "2024-12-31")
            }
            await assertRPCError(.invalidArgument, containing: "tax_type 'Sales Tax'") {
                try await self.addExemption(host, taxType: "Sales Tax", certificate: "X", effective: "2025-01-01", expiry: "")
            }
            await assertRPCError(.invalidArgument, containing: "date '01/02/2025' is not a calendar date") { try await self.check(host, "01/02/2025") }
        }
    }
}
