import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Time-of-use enrolment: the meter checked through Metering, the date it takes effect (the
/// next billing period's opening read), and the rate schedule changed through Accounts, both
/// ways (enrolling moves to the TOU schedule, ending moves back).
extension ProgramsService {
    /// Every check a TOU enrolment makes, filling the enrolment's schedules; the refusals
    /// are added to `refusals`.
    func checkTimeOfUse(
        _ request: Settle_Programs_V1_EnrollRequest, lead: Settle_Accounts_V1_ServiceAgreement, from: LocalDate,
        enrolment: inout Settle_Programs_V1_Enrolment, refusals: inout [EnrolmentRefusal], context: ServerContext
    ) async throws {
        guard request.memberAgreementIds.isEmpty else { throw ProgramsError.invalid("member_agreement_ids", "only a totalized enrolment has members") }
        guard !request.rateSchedule.isEmpty else { throw ProgramsError.invalid("rate_schedule", "a tou enrolment names the time-of-use rate schedule to move to") }
        if request.overridePolicy, !context.canOverridePolicy {
            throw ProgramsError.denied("override_policy: only a supervisor may override the time-of-use policy (caller is \(context.peer.role))")
        }
        let policy = try await timeOfUseRules()
        let earlier = try await store.read { db in try EnrolmentStore.involving([lead.id], in: db) }
        // An active enrolment already moved the agreement: this is a retry (answered by its
        // key) or a second enrolment (refused as an overlap when it is written).
        let moved = earlier.first { $0.kind == ProgramKind.tou.rawValue && $0.status == "active" }
        enrolment.rateSchedule = request.rateSchedule
        enrolment.previousRateSchedule = moved?.previousRateSchedule ?? lead.rateSchedule
        if lead.serviceType != "electric" {
            refusals.append(EnrolmentRefusal(kind: .eligibility, message: "agreement \(lead.id) is \(lead.serviceType) service; time of use prices electricity"))
        }
        if from.description < lead.startDate {
            refusals.append(EnrolmentRefusal(kind: .eligibility, message: "effective_from \(from) is before agreement \(lead.id) started (\(lead.startDate))"))
        }
        if lead.status != "active" { refusals.append(EnrolmentRefusal(kind: .eligibility, message: "agreement \(lead.id) is \(lead.status), not active")) }
        if moved == nil, lead.rateSchedule == request.rateSchedule {
            refusals.append(EnrolmentRefusal(kind: .eligibility, message: "agreement \(lead.id) already bills on \(request.rateSchedule)"))
        }
        let meters = try await meters(of: lead)
        if meters.isEmpty {
            refusals.append(EnrolmentRefusal(kind: .capability, message: "agreement \(lead.id) has no meter at premise \(lead.premiseID): \(request.rateSchedule) needs interval data"))
        }
        for meter in meters {
            var validation = Settle_Metering_V1_ValidateMeterRequest()
            validation.serial = meter.serial
            validation.rateSchedule = request.rateSchedule
            let answer = try await metering.validateMeter(validation)
            refusals += policy.capabilityRefusals(meter, schedule: request.rateSchedule, problems: answer.problems)
        }
        if !request.overridePolicy {
            refusals += policy.reEnrolRefusals(from: from, earlier: earlier)
        }
    }

    /// The day a TOU enrolment takes effect: the date asked for, else the opening read of the
    /// agreement's next billing period (its cycle's first scheduled read after today).
    func timeOfUseStart(_ request: Settle_Programs_V1_EnrollRequest, lead: Settle_Accounts_V1_ServiceAgreement) async throws -> LocalDate {
        if !request.effectiveFrom.isEmpty { return try ProgramsError.date(request.effectiveFrom, field: "effective_from") }
        let today = self.today
        var schedule = Settle_Metering_V1_GetReadScheduleRequest()
        schedule.cycle = lead.billCycle
        let (year, month, _) = today.components
        schedule.fromPeriod = "\(year)-\(month < 10 ? "0" : "")\(month)"
        schedule.months = 3
        let next = try await metering.getReadSchedule(schedule).entries.compactMap { LocalDate($0.readDate) }.filter { $0 > today }.min()
        guard let next else {
            throw ProgramsError.failedPrecondition("cycle \(lead.billCycle) has no scheduled read after \(today): give effective_from")
        }
        return next
    }

    /// Moves the agreement's rate schedule through Accounts (audited there too), keyed by the
    /// enrolment's own key so a retried call changes it once.
    func changeRateSchedule(agreement: UInt64, to schedule: String, from date: LocalDate, key: String, reason: String) async throws {
        var change = Settle_Accounts_V1_ChangeRateScheduleRequest()
        change.idempotencyKey = key.isEmpty ? "" : key + "/rate-schedule"
        change.agreementID = agreement
        change.rateSchedule = schedule
        change.effectiveDate = date.description
        change.reason = reason
        _ = try await accounts.changeRateSchedule(change)
    }

    /// Refuses leaving a TOU enrolment before its minimum stay, unless a supervisor overrides.
    func checkTimeOfUseEnd(_ enrolment: Settle_Programs_V1_Enrolment, end: LocalDate, override: Bool, context: ServerContext) async throws {
        if override, !context.canOverridePolicy {
            throw ProgramsError.denied("override_policy: only a supervisor may override the time-of-use minimum stay (caller is \(context.peer.role))")
        }
        guard !override, let from = LocalDate(enrolment.effectiveFrom) else { return }
        let policy = try await timeOfUseRules()
        let earliest = policy.earliestEnd(from: from)
        if end < earliest {
            throw ProgramsError.refused([EnrolmentRefusal(kind: .policy, message: "enrolment \(enrolment.id) took effect \(from); the minimum stay is \(policy.minimumStayMonths) months, so it may end on \(earliest) at the earliest unless a supervisor overrides")])
        }
    }
}
