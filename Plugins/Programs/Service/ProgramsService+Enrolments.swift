import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Enrol, change, end, and look up enrolments. Every check a program makes runs before the
/// enrolment is written, and a refusal lists every reason at once, as meter activation does.
extension ProgramsService {
    func enroll(_ request: Settle_Programs_V1_EnrollRequest, context: ServerContext) async throws -> Settle_Programs_V1_Enrolment {
        let kind = try ProgramKind.parse(request.kind)
        let reason = try Self.requiredReason(request.reason, context: context, else: "an enrolment needs a reason")
        let lead = try await agreement(request.agreementID, field: "agreement_id")
        let from = kind == .tou ? try await timeOfUseStart(request, lead: lead)
            : try ProgramsError.date(request.effectiveFrom, field: "effective_from", default: today)
        var enrolment = Settle_Programs_V1_Enrolment()
        enrolment.kind = kind.rawValue
        enrolment.agreementID = lead.id
        enrolment.accountNumber = lead.accountNumber
        enrolment.serviceType = lead.serviceType
        enrolment.rateClass = lead.rateClass
        enrolment.effectiveFrom = from.description
        enrolment.status = "active"
        var refusals: [EnrolmentRefusal] = []
        switch kind {
        case .totalized:
            let method = try DemandMethod.parse(request.demandMethod)
            enrolment.demandMethod = method.rawValue
            let members = try await groupMembers(lead: lead, others: request.memberAgreementIds, method: method, refusals: &refusals)
            enrolment.memberAgreementIds = members
        case .wastewaterAverage:
            guard request.memberAgreementIds.isEmpty else { throw ProgramsError.invalid("member_agreement_ids", "only a totalized enrolment has members") }
            // A water agreement whose tariff bills wastewater on its use, or a wastewater
            // agreement Metering measures by the premise's water meter.
            if lead.serviceType != "water" && lead.serviceType != "wastewater" {
                refusals.append(EnrolmentRefusal(kind: .eligibility, message: "agreement \(lead.id) is \(lead.serviceType) service; winter averaging bills wastewater on water use"))
            }
            if lead.status == "final" { refusals.append(EnrolmentRefusal(kind: .eligibility, message: "agreement \(lead.id) is final billed")) }
        case .tou:
            try await checkTimeOfUse(request, lead: lead, from: from, enrolment: &enrolment, refusals: &refusals, context: context)
        case .solar:
            guard request.memberAgreementIds.isEmpty else { throw ProgramsError.invalid("member_agreement_ids", "only a totalized enrolment has members") }
            enrolment.solar = try SolarProgramRules.checked(request.solar, given: request.hasSolar)
            refusals += SolarProgramRules.refusals(lead: lead, meters: lead.serviceType == "electric" ? try await meters(of: lead) : [])
        }
        guard refusals.isEmpty else { throw ProgramsError.refused(refusals) }
        var event = Settle_Programs_V1_EnrolmentEvent()
        event.action = "enrolled"
        event.effectiveDate = from.description
        event.reason = reason
        event.actor = context.peer.actor
        event.recordedAt = UTCTimestamp.seconds(from: Date())
        switch kind {
        case .totalized: event.detail = "members \(enrolment.memberAgreementIds.map(String.init).joined(separator: ", ")), \(enrolment.demandMethod) demand"
        case .tou: event.detail = "rate schedule \(enrolment.previousRateSchedule) → \(enrolment.rateSchedule) from \(from)"
            + (request.overridePolicy ? "; re-enrolment wait overridden by a supervisor" : "")
        case .solar: event.detail = SolarProgramRules.describe(enrolment.solar)
        case .wastewaterAverage: break
        }
        enrolment.history = [event]
        let proposed = enrolment
        let saved = try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            try Self.refuseOverlaps(proposed, excluding: nil, in: db)
            let saved = try EnrolmentStore.insert(proposed, in: db)
            try audit.record(entity: "enrolment/\(saved.id)", after: saved.auditJSON, reason: reason)
            return saved
        }
        // After the enrolment is written (a retry finds it and changes the schedule again
        // under the same key, which Accounts answers once).
        if kind == .tou {
            try await changeRateSchedule(agreement: saved.agreementID, to: saved.rateSchedule, from: from, key: request.idempotencyKey.isEmpty ? context.idempotencyKey ?? "" : request.idempotencyKey,
                                         reason: "tou enrolment \(saved.id): \(reason)")
        }
        return saved
    }

    func changeEnrolment(_ request: Settle_Programs_V1_ChangeEnrolmentRequest, context: ServerContext) async throws -> Settle_Programs_V1_Enrolment {
        let id = try EnrolmentStore.parse(request.enrolmentID)
        let reason = try Self.requiredReason(request.reason, context: context, else: "a change needs a reason")
        let date = try ProgramsError.date(request.effectiveDate, field: "effective_date", default: today)
        let current = try await store.read { db in try EnrolmentStore.load(id, in: db) }
        guard current.status == "active" else { throw ProgramsError.failedPrecondition("enrolment \(current.id) has ended; enrol again instead") }
        guard current.kind == ProgramKind.totalized.rawValue else {
            throw ProgramsError.failedPrecondition("a \(current.kind) enrolment has no parameters to change; end it and enrol again")
        }
        guard !request.memberAgreementIds.isEmpty || !request.demandMethod.isEmpty else {
            throw ProgramsError.invalid("member_agreement_ids", "give the new members or demand method")
        }
        let method = request.demandMethod.isEmpty ? try DemandMethod.parse(current.demandMethod) : try DemandMethod.parse(request.demandMethod)
        let lead = try await agreement(current.agreementID, field: "agreement_id")
        var refusals: [EnrolmentRefusal] = []
        let others = request.memberAgreementIds.isEmpty ? current.memberAgreementIds : request.memberAgreementIds
        let members = try await groupMembers(lead: lead, others: others, method: method, refusals: &refusals)
        guard refusals.isEmpty else { throw ProgramsError.refused(refusals) }
        let actor = context.peer.actor
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let before = try EnrolmentStore.load(id, in: db)
            var after = before
            after.memberAgreementIds = members
            after.demandMethod = method.rawValue
            try Self.refuseOverlaps(after, excluding: id, in: db)
            var event = Settle_Programs_V1_EnrolmentEvent()
            event.action = "changed"
            event.effectiveDate = date.description
            event.reason = reason
            event.actor = actor
            event.recordedAt = UTCTimestamp.seconds(from: Date())
            event.detail = "members \(before.memberAgreementIds.map(String.init).joined(separator: ", ")) → \(members.map(String.init).joined(separator: ", "))"
                + (before.demandMethod == after.demandMethod ? "" : "; demand \(before.demandMethod) → \(after.demandMethod)")
            after.history.append(event)
            try EnrolmentStore.update(after, in: db)
            try audit.record(entity: "enrolment/\(after.id)", before: before.auditJSON, after: after.auditJSON, reason: reason)
            return after
        }
    }

    func endEnrolment(_ request: Settle_Programs_V1_EndEnrolmentRequest, context: ServerContext) async throws -> Settle_Programs_V1_Enrolment {
        let id = try EnrolmentStore.parse(request.enrolmentID)
        let reason = try Self.requiredReason(request.reason, context: context, else: "ending an enrolment needs a reason")
        let end = try ProgramsError.date(request.endDate, field: "end_date", default: today)
        let actor = context.peer.actor
        let current = try await store.read { db in try EnrolmentStore.load(id, in: db) }
        let isTimeOfUse = current.kind == ProgramKind.tou.rawValue
        if isTimeOfUse, current.status == "active" {
            try await checkTimeOfUseEnd(current, end: end, override: request.overridePolicy, context: context)
        }
        let ended = try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let before = try EnrolmentStore.load(id, in: db)
            guard before.status == "active" else { throw ProgramsError.failedPrecondition("enrolment \(before.id) already ended on \(before.effectiveTo)") }
            guard end.description >= before.effectiveFrom else {
                throw ProgramsError.invalid("end_date", "\(end) is before the enrolment took effect (\(before.effectiveFrom))")
            }
            var after = before
            after.status = "ended"
            after.effectiveTo = end.description
            var event = Settle_Programs_V1_EnrolmentEvent()
            event.action = "ended"
            event.effectiveDate = end.description
            event.reason = reason
            event.actor = actor
            event.recordedAt = UTCTimestamp.seconds(from: Date())
            if isTimeOfUse {
                event.detail = "rate schedule \(before.rateSchedule) → \(before.previousRateSchedule) from \(end.adding(days: 1))"
                    + (request.overridePolicy ? "; minimum stay overridden by a supervisor" : "")
            }
            after.history.append(event)
            try EnrolmentStore.update(after, in: db)
            try audit.record(entity: "enrolment/\(after.id)", before: before.auditJSON, after: after.auditJSON, reason: reason)
            return after
        }
        // Back to the schedule it billed on before, from the day after the last day in force.
        if isTimeOfUse, !ended.previousRateSchedule.isEmpty {
            try await changeRateSchedule(agreement: ended.agreementID, to: ended.previousRateSchedule, from: end.adding(days: 1), key: request.idempotencyKey.isEmpty ? context.idempotencyKey ?? "" : request.idempotencyKey,
                                         reason: "tou enrolment \(ended.id) ended: \(reason)")
        }
        return ended
    }

    /// Accounts one `GetEnrolments` may name (`account_numbers`).
    static let maximumAccountsPerCall = 1_000

    func getEnrolments(_ request: Settle_Programs_V1_GetEnrolmentsRequest, context: ServerContext) async throws -> Settle_Programs_V1_GetEnrolmentsResponse {
        guard request.agreementID != 0 || !request.accountNumber.isEmpty || !request.accountNumbers.isEmpty else {
            throw ProgramsError.invalid("agreement_id", "give an agreement id, an account number or account numbers")
        }
        guard request.accountNumbers.count <= Self.maximumAccountsPerCall else {
            throw ProgramsError.invalid("account_numbers", "\(request.accountNumbers.count) accounts; at most \(Self.maximumAccountsPerCall) a call")
        }
        return try await store.read { db in
            var response = Settle_Programs_V1_GetEnrolmentsResponse()
            if request.agreementID != 0 {
                response.enrolments = try EnrolmentStore.involving([request.agreementID], in: db)
            } else if !request.accountNumber.isEmpty {
                response.enrolments = try EnrolmentStore.ofAccount(request.accountNumber, in: db)
            } else {
                response.enrolments = try EnrolmentStore.ofAccounts(request.accountNumbers, in: db)
            }
            return response
        }
    }

    func listEnrolments(_ request: Settle_Programs_V1_ListEnrolmentsRequest, context: ServerContext) async throws -> Settle_Programs_V1_ListEnrolmentsResponse {
        if !request.kind.isEmpty { _ = try ProgramKind.parse(request.kind) }
        guard ["", "active", "ended"].contains(request.status) else { throw ProgramsError.invalid("status", "'\(request.status)' is not active or ended") }
        let after = request.pageToken.isEmpty ? 0 : try EnrolmentStore.parse(request.pageToken, field: "page_token")
        let size = request.pageSize == 0 ? 500 : Int(min(request.pageSize, 5_000))
        return try await store.read { db in
            var response = Settle_Programs_V1_ListEnrolmentsResponse()
            response.enrolments = try EnrolmentStore.page(kind: request.kind, status: request.status, after: after, limit: size, in: db)
            if response.enrolments.count == size, let last = response.enrolments.last { response.nextPageToken = last.id }
            return response
        }
    }

    /// A totalized group's agreements, the lead first, after every check: the same account
    /// and service as the lead, in service, and for coincident demand interval meters only.
    private func groupMembers(
        lead: Settle_Accounts_V1_ServiceAgreement, others: [UInt64], method: DemandMethod, refusals: inout [EnrolmentRefusal]
    ) async throws -> [UInt64] {
        var ids = [lead.id]
        for id in others where !ids.contains(id) { ids.append(id) }
        guard ids.count >= 2 else {
            throw ProgramsError.invalid("member_agreement_ids", "a totalized group needs at least one agreement besides \(lead.id)")
        }
        guard ids.count <= 100 else { throw ProgramsError.invalid("member_agreement_ids", "\(ids.count) agreements; a group has at most 100") }
        for (index, id) in ids.enumerated() {
            let member = index == 0 ? lead : try await agreement(id, field: "member_agreement_ids")
            if member.accountNumber != lead.accountNumber {
                refusals.append(EnrolmentRefusal(kind: .eligibility, message: "agreement \(id) is on account \(member.accountNumber), not \(lead.accountNumber)"))
            }
            if member.serviceType != lead.serviceType {
                refusals.append(EnrolmentRefusal(kind: .eligibility, message: "agreement \(id) is \(member.serviceType) service, not \(lead.serviceType)"))
            }
            if member.status == "final" { refusals.append(EnrolmentRefusal(kind: .eligibility, message: "agreement \(id) is final billed")) }
            guard method == .coincident else { continue }
            let meters = try await meters(of: member)
            if meters.isEmpty {
                refusals.append(EnrolmentRefusal(kind: .capability, message: "agreement \(id) has no meter at premise \(member.premiseID): coincident demand needs interval data"))
            }
            for meter in meters where meter.kind != "interval" {
                refusals.append(EnrolmentRefusal(kind: .capability, message: "meter \(meter.serial) of agreement \(id) is a \(meter.kind) meter: coincident demand needs interval data for every meter"))
            }
        }
        return ids
    }

    /// Refuses an agreement already in another active enrolment of the same kind.
    static func refuseOverlaps(_ enrolment: Settle_Programs_V1_Enrolment, excluding: Int64?, in db: Database) throws {
        var refusals: [EnrolmentRefusal] = []
        for other in try EnrolmentStore.involving(enrolment.allAgreements, in: db)
        where other.kind == enrolment.kind && other.status == "active" && other.id != excluding.map(EnrolmentStore.text) {
            let shared = Set(other.allAgreements).intersection(enrolment.allAgreements).sorted()
            refusals.append(EnrolmentRefusal(kind: .policy, message: "agreement\(shared.count == 1 ? "" : "s") \(shared.map(String.init).joined(separator: ", ")) already in \(other.kind) enrolment \(other.id)"))
        }
        if !refusals.isEmpty { throw ProgramsError.refused(refusals) }
    }
}
