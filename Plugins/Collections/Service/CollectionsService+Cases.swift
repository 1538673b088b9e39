import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Disputes, collection holds, energy-assistance pledges and payment arrangements: the
/// things that stop notices and disconnection.
extension CollectionsService {
    func openDispute(_ request: Settle_Collections_V1_OpenDisputeRequest, context: ServerContext) async throws -> Settle_Collections_V1_DisputeResponse {
        guard !request.accountNumber.isEmpty else { throw CollectionsError.required("account_number") }
        try CollectionsError.cents(request.amountCents, field: "amount_cents")
        let day = try date(request.openedDate, field: "opened_date").dayNumber
        try await requireAccount(request.accountNumber)
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let id = try CaseStore.insertDispute(
                account: request.accountNumber, amountCents: request.amountCents, openedDay: day, description: request.description_p, in: db)
            var response = Settle_Collections_V1_DisputeResponse()
            response.dispute = try CaseStore.dispute(id, in: db) ?? .init()
            try audit.record(entity: "dispute/\(id)", after: AuditJSON.object([
                "account": request.accountNumber, "amount_cents": request.amountCents, "opened": response.dispute.openedDate]))
            return response
        }
    }

    func closeDispute(_ request: Settle_Collections_V1_CloseDisputeRequest, context: ServerContext) async throws -> Settle_Collections_V1_DisputeResponse {
        guard request.disputeID > 0 else { throw CollectionsError.required("dispute_id") }
        let day = try date(request.closedDate, field: "closed_date").dayNumber
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let id = Int64(clamping: request.disputeID)
            guard let before = try CaseStore.dispute(id, in: db) else { throw CollectionsError.notFound("no dispute \(id)") }
            try CaseEnding(name: "dispute \(id)", ended: "closed", field: "closed_date", began: "the dispute was opened")
                .check(day: day, endedOn: before.closedDate, beganOn: before.openedDate)
            try CaseStore.closeDispute(id, on: day, resolution: request.resolution, in: db)
            var response = Settle_Collections_V1_DisputeResponse()
            response.dispute = try CaseStore.dispute(id, in: db) ?? .init()
            try audit.record(entity: "dispute/\(id)", before: AuditJSON.object(["closed": ""]),
                             after: AuditJSON.object(["closed": response.dispute.closedDate, "resolution": request.resolution]))
            return response
        }
    }

    func placeHold(_ request: Settle_Collections_V1_PlaceHoldRequest, context: ServerContext) async throws -> Settle_Collections_V1_HoldResponse {
        guard !request.accountNumber.isEmpty else { throw CollectionsError.required("account_number") }
        try CollectionsError.cents(request.amountCents, field: "amount_cents")
        guard !request.reason.isEmpty else { throw CollectionsError.required("reason") }
        let start = try date(request.startDate, field: "start_date")
        let expiry = try LocalDate.parse(request.expiryDate, field: "expiry_date")
        guard expiry >= start else { throw CollectionsError.invalid("expiry_date", "\(expiry) is before start_date \(start)") }
        try await requireAccount(request.accountNumber)
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let id = try CaseStore.insertHold(
                account: request.accountNumber, amountCents: request.amountCents, reason: request.reason,
                startDay: start.dayNumber, expiryDay: expiry.dayNumber, in: db)
            var response = Settle_Collections_V1_HoldResponse()
            response.hold = try CaseStore.hold(id, in: db) ?? .init()
            try audit.record(entity: "hold/\(id)", after: AuditJSON.object([
                "account": request.accountNumber, "amount_cents": request.amountCents, "reason": request.reason,
                "start": start.description, "expiry": expiry.description]))
            return response
        }
    }

    func releaseHold(_ request: Settle_Collections_V1_ReleaseHoldRequest, context: ServerContext) async throws -> Settle_Collections_V1_HoldResponse {
        guard request.holdID > 0 else { throw CollectionsError.required("hold_id") }
        let day = try date(request.releasedDate, field: "released_date").dayNumber
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let id = Int64(clamping: request.holdID)
            guard let before = try CaseStore.hold(id, in: db) else { throw CollectionsError.notFound("no hold \(id)") }
            try CaseEnding(name: "hold \(id)", ended: "released", field: "released_date", began: "the hold started")
                .check(day: day, endedOn: before.releasedDate, beganOn: before.startDate)
            try CaseStore.releaseHold(id, on: day, in: db)
            var response = Settle_Collections_V1_HoldResponse()
            response.hold = try CaseStore.hold(id, in: db) ?? .init()
            try audit.record(entity: "hold/\(id)", before: AuditJSON.object(["released": ""]),
                             after: AuditJSON.object(["released": response.hold.releasedDate]))
            return response
        }
    }

    func recordPledge(_ request: Settle_Collections_V1_RecordPledgeRequest, context: ServerContext) async throws -> Settle_Collections_V1_PledgeResponse {
        guard !request.accountNumber.isEmpty else { throw CollectionsError.required("account_number") }
        guard !request.agency.isEmpty else { throw CollectionsError.required("agency") }
        try CollectionsError.cents(request.amountCents, field: "amount_cents")
        let pledged = try date(request.pledgedDate, field: "pledged_date")
        let expiry = try LocalDate.parse(request.expiryDate, field: "expiry_date")
        guard expiry >= pledged else { throw CollectionsError.invalid("expiry_date", "\(expiry) is before pledged_date \(pledged)") }
        try await requireAccount(request.accountNumber)
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let id = try CaseStore.insertPledge(
                account: request.accountNumber, agency: request.agency, amountCents: request.amountCents,
                pledgedDay: pledged.dayNumber, expiryDay: expiry.dayNumber, in: db)
            var response = Settle_Collections_V1_PledgeResponse()
            response.pledge = try CaseStore.pledge(id, in: db) ?? .init()
            try audit.record(entity: "pledge/\(id)", after: AuditJSON.object([
                "account": request.accountNumber, "agency": request.agency, "amount_cents": request.amountCents,
                "pledged": pledged.description, "expiry": expiry.description, "status": "pending"]))
            return response
        }
    }

    /// Marks a pending pledge paid or expired. Marking it is a clerk's act, not a side effect of
    /// posting a payment: an agency's payment cannot be told from the customer's own by amount
    /// or date, so the clerk names it (its reference is checked against the ledger).
    func resolvePledge(_ request: Settle_Collections_V1_ResolvePledgeRequest, context: ServerContext) async throws -> Settle_Collections_V1_PledgeResponse {
        guard request.pledgeID > 0 else { throw CollectionsError.required("pledge_id") }
        guard !request.outcome.isEmpty else { throw CollectionsError.required("outcome (paid or expired)") }
        guard ["paid", "expired"].contains(request.outcome) else {
            throw CollectionsError.invalid("outcome", "'\(request.outcome)' is not paid or expired")
        }
        if request.outcome != "paid", !request.paymentReference.isEmpty {
            throw CollectionsError.invalid("payment_reference", "only a paid pledge names a payment; this one is marked \(request.outcome)")
        }
        let given = request.resolvedDate.isEmpty ? nil : try LocalDate.parse(request.resolvedDate, field: "resolved_date")
        let today = self.today
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let id = Int64(clamping: request.pledgeID)
            guard let before = try CaseStore.pledge(id, in: db) else { throw CollectionsError.notFound("no pledge \(id)") }
            guard before.status == "pending" else {
                throw CollectionsError.failedPrecondition("pledge \(id) was already marked \(before.status) on \(before.resolvedDate)")
            }
            var resolved = given ?? today
            if !request.paymentReference.isEmpty {
                guard let payment = try LedgerStore.paymentWithReturn(reference: request.paymentReference, in: db)
                else { throw CollectionsError.notFound("payment_reference: no payment '\(request.paymentReference)' is posted") }
                let account: String = payment["account_number"]
                let paidDay = LocalDate(dayNumber: payment["entry_day"])
                guard account == before.accountNumber else {
                    throw CollectionsError.invalid(
                        "payment_reference", "payment '\(request.paymentReference)' was posted to account \(account), not to the pledge's account \(before.accountNumber)")
                }
                if let returned = payment["returned_day"] as Int? {
                    throw CollectionsError.failedPrecondition(
                        "payment_reference: payment '\(request.paymentReference)' was returned on \(LocalDate(dayNumber: returned)); it did not pay the pledge")
                }
                if let given {
                    guard given >= paidDay else {
                        throw CollectionsError.invalid("resolved_date", "\(given) is before the payment's date \(paidDay)")
                    }
                } else {
                    resolved = paidDay
                }
            }
            let pledgedDate = LocalDate(plausible: before.pledgedDate) ?? resolved
            guard resolved >= pledgedDate else {
                throw CollectionsError.invalid("resolved_date", "\(resolved) is before the pledge was made (\(before.pledgedDate))")
            }
            try CaseStore.resolvePledge(
                id, outcome: request.outcome, on: resolved.dayNumber, paymentReference: request.paymentReference, note: request.note, in: db)
            var response = Settle_Collections_V1_PledgeResponse()
            response.pledge = try CaseStore.pledge(id, in: db) ?? .init()
            try audit.record(
                entity: "pledge/\(id)", before: AuditJSON.object(["status": before.status]),
                after: AuditJSON.object([
                    "status": request.outcome, "resolved": resolved.description, "payment_reference": request.paymentReference,
                    "note": request.note,
                ]))
            return response
        }
    }

    func listPledges(_ request: Settle_Collections_V1_ListPledgesRequest, context: ServerContext) async throws -> Settle_Collections_V1_ListPledgesResponse {
        guard !request.accountNumber.isEmpty else { throw CollectionsError.required("account_number") }
        return try await store.read { db in
            var response = Settle_Collections_V1_ListPledgesResponse()
            response.pledges = try CaseStore.pledges(account: request.accountNumber, in: db)
            return response
        }
    }

    func createArrangement(
        _ request: Settle_Collections_V1_CreateArrangementRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_ArrangementResponse {
        guard !request.accountNumber.isEmpty else { throw CollectionsError.required("account_number") }
        try CollectionsError.cents(request.totalCents, field: "total_cents", .notNegative)
        try CollectionsError.cents(request.downPaymentCents, field: "down_payment_cents", .notNegative)
        let explicit = try Self.explicitSchedule(request)
        if explicit.isEmpty {
            guard (1...60).contains(request.installments) else { throw CollectionsError.invalid("installments", "must be 1 to 60; got \(request.installments)") }
        }
        let start = request.startDate.isEmpty && !explicit.isEmpty
            ? min(today, LocalDate(dayNumber: explicit[0].dueDay)) : try date(request.startDate, field: "start_date")
        if let first = explicit.first, first.dueDay < start.dayNumber {
            throw CollectionsError.invalid("schedule[0].due_date", "\(LocalDate(dayNumber: first.dueDay)) is before start_date \(start)")
        }
        let scheduled = explicit.reduce(Int64(0)) { $0 + $1.amount }
        if !explicit.isEmpty, request.totalCents != 0, request.totalCents != scheduled {
            throw CollectionsError.invalid("total_cents", "\(Dollars.plain(request.totalCents)) is not the schedule's sum \(Dollars.plain(scheduled))")
        }
        try await requireAccount(request.accountNumber)
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            var total = explicit.isEmpty ? request.totalCents : scheduled
            if total == 0 {
                total = try LedgerStore.position(account: request.accountNumber, on: start.dayNumber, in: db).pastDue(on: start.dayNumber)
                guard total > 0 else { throw CollectionsError.failedPrecondition("account \(request.accountNumber) has nothing past due on \(start) to arrange") }
            }
            guard request.downPaymentCents <= total else {
                throw CollectionsError.invalid("down_payment_cents", "\(Dollars.plain(request.downPaymentCents)) is more than the total \(Dollars.plain(total))")
            }
            let id = try ArrangementStore.insert(
                account: request.accountNumber, total: total, downPayment: request.downPaymentCents, startDay: start.dayNumber,
                installments: explicit.isEmpty ? Int(request.installments) : explicit.count, explicit: explicit, in: db)
            let schedule = ArrangementSchedule(
                id: id, account: request.accountNumber, total: total, downPayment: request.downPaymentCents,
                startDay: start.dayNumber, installments: explicit.isEmpty ? Int(request.installments) : explicit.count, explicit: explicit)
            var response = Settle_Collections_V1_ArrangementResponse()
            response.arrangement = try schedule.proto(on: start.dayNumber, in: db)
            try audit.record(entity: "arrangement/\(id)", after: AuditJSON.object([
                "account": request.accountNumber, "total_cents": total, "down_payment_cents": request.downPaymentCents,
                "start": start.description, "installments": response.arrangement.installments,
                "schedule": schedule.schedule.map { "\(LocalDate(dayNumber: $0.dueDay))=\($0.amount)" }]))
            return response
        }
    }

    /// The explicit installments of a request, checked: dates strictly increasing, amounts
    /// positive, and no equal-monthly fields beside them.
    static func explicitSchedule(_ request: Settle_Collections_V1_CreateArrangementRequest) throws -> [ArrangementSchedule.Item] {
        guard !request.schedule.isEmpty else { return [] }
        guard request.schedule.count <= 120 else { throw CollectionsError.invalid("schedule", "\(request.schedule.count) installments is more than 120") }
        guard request.installments == 0 else { throw CollectionsError.invalid("installments", "give an explicit schedule or a number of installments, not both") }
        guard request.downPaymentCents == 0 else {
            throw CollectionsError.invalid("down_payment_cents", "with an explicit schedule the down payment is its first installment")
        }
        var items: [ArrangementSchedule.Item] = []
        for (index, installment) in request.schedule.enumerated() {
            let due = try LocalDate.parse(installment.dueDate, field: "schedule[\(index)].due_date")
            try CollectionsError.cents(installment.amountCents, field: "schedule[\(index)].amount_cents", .positive)
            if let last = items.last, due.dayNumber <= last.dueDay {
                throw CollectionsError.invalid("schedule[\(index)].due_date", "\(due) is not after the installment before it (\(LocalDate(dayNumber: last.dueDay)))")
            }
            items.append(ArrangementSchedule.Item(number: index + 1, dueDay: due.dayNumber, amount: installment.amountCents))
        }
        return items
    }

    func getArrangement(_ request: Settle_Collections_V1_GetArrangementRequest, context: ServerContext) async throws -> Settle_Collections_V1_ArrangementResponse {
        let day = try date(request.asOf, field: "as_of").dayNumber
        return try await store.read { db in
            guard let schedule = try ArrangementStore.arrangement(id: Int64(clamping: request.arrangementID), in: db) else {
                throw CollectionsError.notFound("no arrangement \(request.arrangementID)")
            }
            var response = Settle_Collections_V1_ArrangementResponse()
            response.arrangement = try schedule.proto(on: day, in: db)
            return response
        }
    }

    func setPolicy(_ request: Settle_Collections_V1_SetPolicyRequest, context: ServerContext) async throws -> Settle_Collections_V1_PolicyResponse {
        let policy = request.policy
        if policy.lateFeeBasisPoints > 0, policy.lateFeeFlatCents > 0 {
            throw CollectionsError.invalid("policy.late_fee_flat_cents", "give a percent (late_fee_basis_points) or a flat fee, not both")
        }
        try CollectionsError.cents(policy.lateFeeFlatCents, field: "policy.late_fee_flat_cents", .notNegative)
        try CollectionsError.cents(policy.nsfFeeCents, field: "policy.nsf_fee_cents", .notNegative)
        try CollectionsError.cents(policy.noticeThresholdCents, field: "policy.notice_threshold_cents", .notNegative)
        try CollectionsError.cents(policy.disconnectThresholdCents, field: "policy.disconnect_threshold_cents", .notNegative)
        try CollectionsError.cents(policy.twoPersonThresholdCents, field: "policy.two_person_threshold_cents", .notNegative)
        for (field, value) in [
            ("late_fee_basis_points", policy.lateFeeBasisPoints), ("deposit_basis_points", policy.depositBasisPoints),
            ("deposit_interest_basis_points", policy.depositInterestBasisPoints),
        ] where value > 10_000 {
            throw CollectionsError.invalid("policy.\(field)", "\(value) is more than 10000 (100 %)")
        }
        for (field, value) in [
            ("late_fee_grace_days", policy.lateFeeGraceDays), ("notice_days_after_due", policy.noticeDaysAfterDue),
            ("disconnect_notice_after_days", policy.disconnectNoticeAfterDays), ("disconnect_notice_days", policy.disconnectNoticeDays),
        ] where value > 365 {
            throw CollectionsError.invalid("policy.\(field)", "\(value) days is more than a year (365)")
        }
        guard policy.disconnectNoticeDays >= 10 else {
            throw CollectionsError.invalid("policy.disconnect_notice_days", "must be at least 10 (a disconnect notice gives at least 10 days); got \(policy.disconnectNoticeDays)")
        }
        // A policy is sent whole: a field left out is 0, and a cold limit of 0 °F would let
        // disconnections go ahead in freezing weather, so it must be stated.
        guard (20...50).contains(policy.coldLimitF) else {
            throw CollectionsError.invalid("policy.cold_limit_f", "\(policy.coldLimitF) °F is outside 20–50 °F (the usual rule is 32 °F); send the whole policy (GetPolicy, change, SetPolicy)")
        }
        for (index, holiday) in policy.holidays.enumerated() where LocalDate(plausible: holiday) == nil {
            throw CollectionsError.invalid("policy.holidays[\(index)]", "'\(holiday)' is not a date YYYY-MM-DD")
        }
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let before = try PolicyStore.load(in: db)
            try PolicyStore.save(policy, in: db)
            try audit.record(entity: "policy", before: (try? before.jsonString()) ?? "", after: (try? policy.jsonString()) ?? "")
            var response = Settle_Collections_V1_PolicyResponse()
            response.policy = policy
            return response
        }
    }

    func getPolicy(_ request: Settle_Collections_V1_GetPolicyRequest, context: ServerContext) async throws -> Settle_Collections_V1_PolicyResponse {
        try await store.read { db in
            var response = Settle_Collections_V1_PolicyResponse()
            response.policy = try PolicyStore.load(in: db)
            return response
        }
    }
}
