import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Critical-care (medical) certifications: while one is in force, Collections may not
/// disconnect the customer's service.
extension AccountsService {
    func addCriticalCareCertification(
        _ request: Settle_Accounts_V1_AddCriticalCareCertificationRequest, context: ServerContext
    ) async throws -> Settle_Accounts_V1_CustomerResponse {
        let customer = try Identifiers.parseCustomerID(request.customerID)
        let certifiedBy = try FieldRules.requiredText(request.certifiedBy, field: "certified_by")
        let effective = try LocalDate.parse(request.effectiveDate, field: "effective_date")
        let expiry = try LocalDate.parse(request.expiryDate, field: "expiry_date")
        let note = try FieldRules.optionalText(request.note, field: "note", maxLength: 500)
        if expiry < effective {
            throw AccountsError.before("expiry_date", expiry, "effective_date \(effective)")
        }
        return try await addDocument(request, key: request.idempotencyKey, customer: customer, context: context) { db in
            let id = try CertificateRecords.insertCriticalCare(
                customer: customer, certifiedBy: certifiedBy, effective: effective, expiry: expiry, note: note, in: db)
            return try CertificateRecords.criticalCare(id, customer: customer, in: db)
        }
    }

    func endCriticalCareCertification(
        _ request: Settle_Accounts_V1_EndCriticalCareCertificationRequest, context: ServerContext
    ) async throws -> Settle_Accounts_V1_CustomerResponse {
        try await endCertificate(
            request, key: request.idempotencyKey, customerID: request.customerID, id: request.certificationID,
            endDate: request.endDate, endedReason: request.endedReason, Self.criticalCareEnding, context: context)
    }

    static let criticalCareEnding = CertificateEnding<Settle_Accounts_V1_CriticalCareCertification>(
        kind: "critical-care certification", idField: "certification_id",
        load: { id, customer, db in try CertificateRecords.criticalCare(id, customer: customer, in: db) },
        end: { id, date, reason, db in try CertificateRecords.endCriticalCare(id, on: date, reason: reason, in: db) })
}
