import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Budget billing inside the billing run: what each planned agreement's bill carries (asked
/// with the batch's `PrepareBilling`, so once per batch, never per bill), and Rating's record
/// of the bills issued and cancelled (`RecordBudgetBills`, once per posted batch), which is
/// what moves a plan's state.
extension ProgramsService {
    /// The batch's plans and, from Collections in one call, their accounts' missed
    /// installments on the bill date.
    func budgetFacts(_ request: Settle_Programs_V1_PrepareBillingRequest) async throws -> (plans: [Settle_Programs_V1_BudgetPlan], missed: [String: Int]) {
        let plans = try await store.read { db in try BudgetStore.billing(request.agreements.map(\.agreementID), in: db) }
        guard !plans.isEmpty, let collections else { return (plans, [:]) }
        var ask = Settle_Collections_V1_GetBalancesRequest()
        ask.accountNumbers = Array(Set(plans.map(\.accountNumber))).sorted()
        ask.asOf = request.billDate.isEmpty ? today.description : request.billDate
        let balances: [Settle_Collections_V1_AccountBalance]
        do {
            balances = try await collections.getBalances(ask).balances
        } catch let error as RPCError where error.code == .unimplemented {
            // A Collections without balances (a stand-in): missed installments are not known,
            // so no plan defaults on this batch; everything else bills as usual.
            return (plans, [:])
        }
        return (plans, Dictionary(balances.map { ($0.accountNumber, Int($0.pastDueCharges)) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Each planned agreement's decision for its bill of this batch.
    static func budgetInstallments(
        _ plans: [Settle_Programs_V1_BudgetPlan], missed: [String: Int], periods: [UInt64: LocalDate], rules: BudgetRules
    ) -> [Settle_Programs_V1_BudgetInstallment] {
        plans.compactMap { plan in
            guard let end = periods[plan.agreementID] else { return nil }
            return BudgetBillDecision.decide(plan, rules: rules, periodEnd: end, missed: missed[plan.accountNumber])
        }
    }

    func recordBudgetBills(_ request: Settle_Programs_V1_RecordBudgetBillsRequest, context: ServerContext) async throws -> Settle_Programs_V1_RecordBudgetBillsResponse {
        for (index, bill) in request.bills.enumerated() {
            guard !bill.billID.isEmpty else { throw ProgramsError.invalid("bills[\(index)].bill_id", "a bill id is required") }
            _ = try EnrolmentStore.parse(bill.enrolmentID, field: "bills[\(index)].enrolment_id")
            _ = try ProgramsError.date(bill.periodEnd, field: "bills[\(index)].period_end")
            _ = try ProgramsError.date(bill.billDate, field: "bills[\(index)].bill_date")
            let kinds = [BudgetBillKind.installment, BudgetBillKind.settleUp, BudgetBillKind.leaving]
            guard kinds.contains(bill.kind) else { throw ProgramsError.invalid("bills[\(index)].kind", "'\(bill.kind)' is not \(kinds.joined(separator: ", "))") }
        }
        let actor = context.peer.actor
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            var response = Settle_Programs_V1_RecordBudgetBillsResponse()
            let rules = BudgetRules(try BudgetStore.policy(in: db))
            // One audit record for the batch's bills (each bill's plan, kind, installment and
            // deferred balance before → after): the whole plan before each bill is kept in
            // `budget_bill`, so a record a bill with both plans in JSON would only repeat it at
            // a cost larger than rating the bill. A plan that leaves still gets its own record.
            var applied: [String] = []
            for bill in request.bills {
                guard let before = try BudgetStore.plan(enrolment: bill.enrolmentID, in: db) else {
                    throw ProgramsError.notFound("no budget plan \(bill.enrolmentID)")
                }
                guard try BudgetStore.recordBill(bill.billID, planBefore: before, in: db) else {
                    response.alreadyRecorded += 1
                    continue
                }
                let after = BudgetPlanUpdate.apply(bill, to: before, rules: rules, actor: actor)
                try BudgetStore.update(after, in: db)
                if after.status == BudgetStatus.removed || after.status == BudgetStatus.defaulted {
                    try Self.endBudgetEnrolment(after, reason: after.endReason, actor: actor, in: db)
                    try audit.record(entity: "budget/\(after.enrolmentID)", before: before.auditJSON, after: after.auditJSON,
                                     reason: "bill \(bill.billID) (\(bill.kind))")
                }
                // Keys in sorted order, as a JSON encoder with sorted keys would write them.
                let line: String = "{\"bill\":\(JSONText.quoted(bill.billID)),\"deferred_cents\":[\(before.deferredCents),\(after.deferredCents)],"
                    + "\"installment_cents\":[\(before.installmentCents),\(after.installmentCents)],\"kind\":\(JSONText.quoted(bill.kind)),"
                    + "\"plan\":\(JSONText.quoted(after.enrolmentID)),\"status\":\(JSONText.quoted(after.status))}"
                applied.append(line)
                response.recorded += 1
            }
            if !applied.isEmpty {
                try audit.record(entity: "budget-bills/\(request.idempotencyKey)", after: "{\"bills\":[" + applied.joined(separator: ",") + "]}",
                                 reason: "\(applied.count) budget bill(s) applied to their plans")
            }
            for billID in request.cancelledBillIds {
                guard let (enrolment, planBefore) = try BudgetStore.appliedBill(billID, in: db),
                      let current = try BudgetStore.plan(enrolment: enrolment, in: db) else { continue }
                let after = BudgetPlanUpdate.cancel(billID, plan: current, before: planBefore)
                try BudgetStore.markCancelled(billID, in: db)
                try BudgetStore.update(after, in: db)
                // The bill that ended the plan is undone: so is the end of its enrolment.
                let ended = [BudgetStatus.removed, BudgetStatus.defaulted]
                if ended.contains(current.status), !ended.contains(after.status) {
                    try Self.reopenBudgetEnrolment(after, cancelledBill: billID, actor: actor, in: db)
                }
                try audit.record(entity: "budget/\(enrolment)", before: current.auditJSON, after: after.auditJSON, reason: "bill \(billID) cancelled")
                response.cancelled += 1
            }
            return response
        }
    }

    /// Opens again the enrolment a cancelled leaving bill had ended (a final bill cancelled for
    /// a rebill, a default billed in error): the plan is back as it was before that bill.
    static func reopenBudgetEnrolment(_ plan: Settle_Programs_V1_BudgetPlan, cancelledBill: String, actor: String, in db: Database) throws {
        var enrolment = try EnrolmentStore.load(try EnrolmentStore.parse(plan.enrolmentID), in: db)
        guard enrolment.status == "ended" else { return }
        let endedOn = enrolment.effectiveTo
        enrolment.status = "active"
        enrolment.effectiveTo = ""
        enrolment.history.append(.with {
            $0.action = "changed"; $0.effectiveDate = endedOn; $0.reason = "bill \(cancelledBill) cancelled"; $0.actor = actor
            $0.detail = "the end on \(endedOn) undone: the plan is as before bill \(cancelledBill)"
        })
        try EnrolmentStore.update(enrolment, in: db)
    }

    /// Ends the plan's enrolment (its last day the plan's end date) once its leaving bill is billed.
    static func endBudgetEnrolment(_ plan: Settle_Programs_V1_BudgetPlan, reason: String, actor: String, in db: Database) throws {
        var enrolment = try EnrolmentStore.load(try EnrolmentStore.parse(plan.enrolmentID), in: db)
        guard enrolment.status == "active" else { return }
        enrolment.status = "ended"
        enrolment.effectiveTo = plan.endedDate.isEmpty ? (plan.planBills.last?.periodEnd ?? "") : plan.endedDate
        enrolment.history.append(.with {
            $0.action = "ended"; $0.effectiveDate = enrolment.effectiveTo; $0.reason = reason; $0.actor = actor
            $0.detail = "deferred balance made due on bill \(plan.planBills.last?.billID ?? "")"
        })
        try EnrolmentStore.update(enrolment, in: db)
    }
}
