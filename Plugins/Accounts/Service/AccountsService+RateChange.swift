import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Moving an agreement to another rate schedule from a date (Programs' time-of-use
/// enrolment calls it). The agreement keeps the schedule it replaces and the change's date,
/// so Rating bills a period that opens before the date on the previous schedule.
extension AccountsService {
    func changeRateSchedule(_ request: Settle_Accounts_V1_ChangeRateScheduleRequest, context: ServerContext) async throws -> Settle_Accounts_V1_ServiceAgreementResponse {
        let id = try Identifiers.requireID(request.agreementID, field: "agreement_id")
        let schedule = try FieldRules.rateSchedule(request.rateSchedule, field: "rate_schedule")
        let date = try LocalDate.parse(request.effectiveDate, field: "effective_date")
        let reason = try FieldRules.requiredText(request.reason.isEmpty ? context.metadata[MetadataKey.reason] ?? "" : request.reason, field: "reason")
        return try await mutate(request, key: effectiveKey(request.idempotencyKey, context: context), context: context) { db, audit in
            let before = try AgreementRecords.load(id, in: db)
            guard before.status == AgreementStatus.active.rawValue else {
                throw AccountsError.failedPrecondition("agreement \(id) is \(before.status); only an active agreement changes rate schedule")
            }
            guard date.description >= before.startDate else {
                throw AccountsError.before("effective_date", date, "the agreement started (\(before.startDate))")
            }
            guard schedule != before.rateSchedule else { return Self.agreementResponse(before) }
            try AgreementRecords.changeRateSchedule(id, to: schedule, from: date, previous: before.rateSchedule, in: db)
            let after = try AgreementRecords.load(id, in: db)
            try audit.record(entity: AuditEntity.agreement(after.id), before: AuditEntity.json(before), after: AuditEntity.json(after), reason: reason)
            return Self.agreementResponse(after)
        }.response
    }
}
