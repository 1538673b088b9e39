import SettleContracts
import SettleDomain

/// Budget billing on a bill: the actual charges rated, what the bill makes due (Programs'
/// installment, or at a settle-up or on leaving the plan the actual charges plus the deferred
/// balance) and the deferred balance before and after — kept on the bill (`Bill.budget`),
/// printed as its notes, posted to Collections as the charge's `installment_due_cents`, and
/// recorded back to Programs once the bill is posted.
enum BudgetOnBill {
    static func make(_ decision: Settle_Programs_V1_BudgetInstallment, actualCents: Int64) -> Settle_Rating_V1_BudgetBilling {
        var budget = Settle_Rating_V1_BudgetBilling()
        budget.enrolmentID = decision.enrolmentID
        budget.installmentCents = decision.installmentCents
        budget.deferredBeforeCents = decision.deferredBeforeCents
        budget.kind = decision.kind
        budget.previousInstallmentCents = decision.previousInstallmentCents
        budget.changeReason = decision.changeReason
        return rerated(budget, actualCents: actualCents)
    }

    /// The same plan figures for a bill rated again (a rebill): what is due follows the actual charges.
    static func rerated(_ budget: Settle_Rating_V1_BudgetBilling, actualCents: Int64) -> Settle_Rating_V1_BudgetBilling {
        var budget = budget
        budget.actualCents = actualCents
        budget.dueCents = budget.kind == "installment" ? budget.installmentCents : actualCents + budget.deferredBeforeCents
        budget.deferredAfterCents = budget.deferredBeforeCents + actualCents - budget.dueCents
        return budget
    }

    /// The bill's lines about the plan.
    static func notes(_ budget: Settle_Rating_V1_BudgetBilling, programNote: String) -> [String] {
        var notes: [String] = []
        if !programNote.isEmpty { notes.append(programNote) }
        notes.append("Budget billing (enrolment \(budget.enrolmentID)): actual charges \(Dollars.plain(budget.actualCents)), "
            + "amount due \(Dollars.plain(budget.dueCents)) (installment \(Dollars.plain(budget.installmentCents))), "
            + "deferred balance \(Dollars.plain(budget.deferredBeforeCents)) → \(Dollars.plain(budget.deferredAfterCents))")
        return notes
    }

    /// What Programs records of an issued bill.
    static func record(_ bill: Settle_Rating_V1_Bill) -> Settle_Programs_V1_BudgetBillRecord {
        var record = Settle_Programs_V1_BudgetBillRecord()
        record.billID = bill.id
        record.agreementID = bill.agreementID
        record.enrolmentID = bill.budget.enrolmentID
        record.periodEnd = bill.input.periodEnd
        record.billDate = bill.billDate
        record.actualCents = bill.budget.actualCents
        record.installmentCents = bill.budget.installmentCents
        record.dueCents = bill.budget.dueCents
        record.kind = bill.budget.kind
        record.previousInstallmentCents = bill.budget.previousInstallmentCents
        record.changeReason = bill.budget.changeReason
        return record
    }

    /// Tells Programs of posted budget bills and cancelled ones (one call, keyed by the bill ids).
    static func tell(_ programs: ProgramsV1.Client, posted bills: [Settle_Rating_V1_Bill], cancelled: [String] = []) async throws {
        let budgeted = bills.filter(\.hasBudget)
        guard !budgeted.isEmpty || !cancelled.isEmpty else { return }
        var request = Settle_Programs_V1_RecordBudgetBillsRequest()
        request.bills = budgeted.map(record)
        request.cancelledBillIds = cancelled
        request.idempotencyKey = "rating-budget-" + BillIdentity.postingKey(budgeted.map(\.id) + cancelled.map { "cancel:" + $0 })
        _ = try await programs.recordBudgetBills(request)
    }
}
