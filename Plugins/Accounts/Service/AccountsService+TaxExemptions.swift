import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Tax-exemption certificates: Rating exempts a customer from a tax type on the days a
/// certificate is in force, and Refunds uses the history for right-to-refund claims.
extension AccountsService {
    func addTaxExemption(_ request: Settle_Accounts_V1_AddTaxExemptionRequest, context: ServerContext) async throws -> Settle_Accounts_V1_CustomerResponse {
        let customer = try Identifiers.parseCustomerID(request.customerID)
        let taxType = try FieldRules.kebab(request.taxType, field: "tax_type", example: "sales-tax")
        let certificate = try FieldRules.requiredText(request.certificateNumber, field: "certificate_number", maxLength: 64)
        let effective = try LocalDate.parse(request.effectiveDate, field: "effective_date")
        let expiry = try LocalDate.parseOptional(request.expiryDate, field: "expiry_date")
        if let expiry, expiry < effective {
            throw AccountsError.before("expiry_date", expiry, "effective_date \(effective)")
        }
        return try await addDocument(request, key: request.idempotencyKey, customer: customer, context: context) { db in
            let id = try CertificateRecords.insertTaxExemption(
                customer: customer, taxType: taxType, certificate: certificate, effective: effective, expiry: expiry, in: db)
            return try CertificateRecords.taxExemption(id, customer: customer, in: db)
        }
    }

    func endTaxExemption(_ request: Settle_Accounts_V1_EndTaxExemptionRequest, context: ServerContext) async throws -> Settle_Accounts_V1_CustomerResponse {
        try await endCertificate(
            request, key: request.idempotencyKey, customerID: request.customerID, id: request.exemptionID,
            endDate: request.endDate, endedReason: request.endedReason, Self.taxExemptionEnding, context: context)
    }

    static let taxExemptionEnding = CertificateEnding<Settle_Accounts_V1_TaxExemption>(
        kind: "tax exemption", idField: "exemption_id",
        load: { id, customer, db in try CertificateRecords.taxExemption(id, customer: customer, in: db) },
        end: { id, date, reason, db in try CertificateRecords.endTaxExemption(id, on: date, reason: reason, in: db) })

    func checkTaxExemption(_ request: Settle_Accounts_V1_CheckTaxExemptionRequest, context: ServerContext) async throws -> Settle_Accounts_V1_CheckTaxExemptionResponse {
        let customer = try Identifiers.parseCustomerID(request.customerID)
        let taxType = try FieldRules.kebab(request.taxType, field: "tax_type", example: "sales-tax")
        let date = try LocalDate.parse(request.date, field: "date")
        let inForce = try await store.read { db in
            try CustomerRecords.requireExists(customer, in: db)
            return try CertificateRecords.exemptions(customer: customer, taxType: taxType, on: date, in: db)
        }
        var response = Settle_Accounts_V1_CheckTaxExemptionResponse()
        response.exempt = !inForce.isEmpty
        if let certificate = inForce.first { response.certificate = certificate }
        return response
    }

    /// An end date may only shorten a dated document: not before it starts, not past its expiry.
    static func checkShortening(kind: String, effective: String, expiry: String, to end: LocalDate) throws {
        if end.description < effective {
            throw AccountsError.before("end_date", end, "\(kind) takes effect (\(effective))")
        }
        if !expiry.isEmpty, end.description > expiry {
            throw AccountsError.failedPrecondition("\(kind) already expires on \(expiry); an end date can only bring the expiry earlier")
        }
    }
}
