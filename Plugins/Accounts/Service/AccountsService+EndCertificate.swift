import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// A customer's dated document that can be ended early: a tax exemption or a critical-care
/// certification. Both end the same way, so the checks, the change and its audit record are
/// written once.
protocol DatedCertificate: SwiftProtobuf.Message {
    var effectiveDate: String { get }
    var expiryDate: String { get }
}

extension Settle_Accounts_V1_TaxExemption: DatedCertificate {}
extension Settle_Accounts_V1_CriticalCareCertification: DatedCertificate {}

extension AccountsService {
    /// What ending one certificate needs from its request, and how its kind is stored.
    struct CertificateEnding<Certificate: DatedCertificate>: Sendable {
        /// How the document is named in errors, e.g. "tax exemption".
        let kind: String
        let idField: String
        let load: @Sendable (_ id: Int64, _ customer: Int64, Database) throws -> Certificate
        let end: @Sendable (_ id: Int64, LocalDate, _ reason: String, Database) throws -> Void
    }

    /// Ends a certificate on `endDate`, which may only shorten it, with the reason on record.
    func endCertificate<Request: SwiftProtobuf.Message, Certificate: DatedCertificate>(
        _ request: Request, key: String, customerID: String, id: UInt64, endDate: String, endedReason: String,
        _ ending: CertificateEnding<Certificate>, context: ServerContext
    ) async throws -> Settle_Accounts_V1_CustomerResponse {
        let customer = try Identifiers.parseCustomerID(customerID)
        let id = try Identifiers.requireID(id, field: ending.idField)
        let end = try LocalDate.parse(endDate, field: "end_date")
        let reason = try FieldRules.requiredText(endedReason, field: "ended_reason")
        return try await mutate(request, key: key, context: context) { db, audit in
            let before = try ending.load(id, customer, db)
            try Self.checkShortening(kind: "\(ending.kind) \(id)", effective: before.effectiveDate, expiry: before.expiryDate, to: end)
            try ending.end(id, end, reason, db)
            let after = try ending.load(id, customer, db)
            try audit.record(entity: AuditEntity.customer(customer), before: AuditEntity.json(before), after: AuditEntity.json(after))
            return Self.customerResponse(try CustomerRecords.load(customer, in: db))
        }.response
    }
}
