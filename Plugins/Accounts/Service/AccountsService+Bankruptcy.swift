import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Bankruptcy cases: the record Collections and Refunds act on (stay of pre-petition debt,
/// the petition date that splits balances, the outcome that lifts the stay).
extension AccountsService {
    /// Chapters a utility customer files under.
    static let bankruptcyChapters: Set<UInt32> = [7, 11, 12, 13]

    func recordBankruptcyCase(_ request: Settle_Accounts_V1_RecordBankruptcyCaseRequest, context: ServerContext) async throws -> Settle_Accounts_V1_CustomerResponse {
        let customer = try Identifiers.parseCustomerID(request.customerID)
        let caseNumber = try FieldRules.requiredText(request.caseNumber, field: "case_number", maxLength: 40)
        guard Self.bankruptcyChapters.contains(request.chapter) else {
            throw AccountsError.invalidArgument("chapter \(request.chapter) is not a bankruptcy chapter Settle tracks (7, 11, 12 or 13)")
        }
        let chapter = Int(request.chapter)
        let petition = try LocalDate.parse(request.petitionDate, field: "petition_date")
        let court = try FieldRules.optionalText(request.court, field: "court")
        return try await addDocument(request, key: request.idempotencyKey, customer: customer, context: context) { db in
            if try BankruptcyRecords.exists(caseNumber: caseNumber, customer: customer, in: db) {
                throw AccountsError.alreadyExists("customer \(Identifiers.customerID(customer)) already has bankruptcy case \(caseNumber)")
            }
            let id = try BankruptcyRecords.insert(customer: customer, caseNumber: caseNumber, chapter: chapter, petition: petition, court: court, in: db)
            return try BankruptcyRecords.bankruptcyCase(id, customer: customer, in: db)
        }
    }

    func resolveBankruptcyCase(_ request: Settle_Accounts_V1_ResolveBankruptcyCaseRequest, context: ServerContext) async throws -> Settle_Accounts_V1_CustomerResponse {
        let customer = try Identifiers.parseCustomerID(request.customerID)
        let id = try Identifiers.requireID(request.caseID, field: "case_id")
        let outcome = try BankruptcyStatus.parse(request.outcome, field: "outcome")
        if outcome == .open { throw AccountsError.invalidArgument("outcome must be discharged, dismissed or closed; a case cannot be resolved as open") }
        let resolved = try LocalDate.parse(request.resolvedDate, field: "resolved_date")
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let before = try BankruptcyRecords.bankruptcyCase(id, customer: customer, in: db)
            guard before.status == BankruptcyStatus.open.rawValue else {
                throw AccountsError.failedPrecondition("bankruptcy case \(before.caseNumber) was already \(before.status) on \(before.resolvedDate)")
            }
            if resolved.description < before.petitionDate {
                throw AccountsError.before("resolved_date", resolved, "the petition date \(before.petitionDate)")
            }
            try BankruptcyRecords.resolve(id, outcome: outcome, on: resolved, in: db)
            let after = try BankruptcyRecords.bankruptcyCase(id, customer: customer, in: db)
            try audit.record(entity: AuditEntity.customer(customer), before: AuditEntity.json(before), after: AuditEntity.json(after))
            return Self.customerResponse(try CustomerRecords.load(customer, in: db))
        }.response
    }
}
