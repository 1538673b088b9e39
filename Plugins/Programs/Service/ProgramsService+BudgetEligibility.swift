import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Budget billing's eligibility, from Collections' ledger: the agreement's charges of the
/// last 12 months (the installment's history), nothing past due, and at most the policy's
/// late payments in 12 months. Every refusal is returned at once, like other enrolments'.
extension ProgramsService {
    func budgetEligibility(
        _ agreement: Settle_Accounts_V1_ServiceAgreement, from: LocalDate, rules: BudgetRules
    ) async throws -> (history: [Settle_Programs_V1_BudgetCharge], refusals: [EnrolmentRefusal]) {
        var refusals: [EnrolmentRefusal] = []
        if agreement.status == "final" || !agreement.finalBilledDate.isEmpty {
            refusals.append(EnrolmentRefusal(kind: .eligibility, message: "agreement \(agreement.id) is final billed"))
        }
        guard let collections else {
            refusals.append(EnrolmentRefusal(kind: .eligibility, message: "no ledger to check: the host serves no Collections"))
            return ([], refusals)
        }
        var ledger = Settle_Collections_V1_GetAccountLedgerResponse()
        var request = Settle_Collections_V1_GetAccountLedgerRequest()
        request.accountNumber = agreement.accountNumber
        request.asOf = from.description
        request.includeEntries = true
        do {
            ledger = try await collections.getAccountLedger(request)
        } catch let error as RPCError where error.code == .notFound {
            // A new customer: no history and nothing owed.
        } catch let error as RPCError where error.code == .unimplemented {
            // A Collections that does not serve the ledger (a stand-in): nothing can be checked.
            refusals.append(EnrolmentRefusal(kind: .eligibility, message: "the ledger cannot be read: \(error.message)"))
            return ([], refusals)
        }
        if ledger.pastDueCents > 0 {
            refusals.append(EnrolmentRefusal(kind: .eligibility, message: "account \(agreement.accountNumber) has \(Dollars.signed(ledger.pastDueCents)) past due"))
        }
        var deposit = Settle_Collections_V1_GetDepositStatusRequest()
        deposit.accountNumber = agreement.accountNumber
        deposit.asOf = from.description
        if !ledger.entries.isEmpty {
            let late = try await collections.getDepositStatus(deposit).latePayments
            if late > rules.maxLatePayments {
                refusals.append(EnrolmentRefusal(kind: .eligibility, message: "\(late) late payments in the last 12 months, more than \(rules.maxLatePayments)"))
            }
        }
        let history = Self.budgetHistory(ledger.entries, agreement: agreement.id, from: from)
        if history.count < rules.historyMonths, rules.classEstimates[agreement.rateClass] == nil {
            refusals.append(EnrolmentRefusal(kind: .policy, message:
                "\(history.count) months of history, fewer than \(rules.historyMonths), and no class estimate for \(agreement.rateClass.isEmpty ? "its rate class" : agreement.rateClass)"))
        }
        return (history, refusals)
    }

    /// The agreement's bill charges of the 12 months before `from` that were not reversed,
    /// oldest first (at most 12: one a month).
    static func budgetHistory(_ entries: [Settle_Collections_V1_LedgerEntry], agreement: UInt64, from: LocalDate) -> [Settle_Programs_V1_BudgetCharge] {
        let reversed = Set(entries.filter { $0.reversesID != 0 }.map(\.reversesID))
        let since = from.adding(months: -12).description
        let charges = entries.filter {
            $0.kind == "charge" && $0.agreementID == agreement && !reversed.contains($0.id) && $0.entryDate > since && $0.entryDate <= from.description
        }
        return charges.sorted { ($0.entryDate, $0.id) < ($1.entryDate, $1.id) }.suffix(BudgetMath.months).map { entry in
            .with { $0.date = entry.entryDate; $0.cents = entry.amountCents; $0.source = entry.billID.isEmpty ? "ledger" : entry.billID }
        }
    }
}
