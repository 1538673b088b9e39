import SettleContracts
import SettleDomain

/// How the budget commands show plans.
enum BudgetFormat {
    static let planHeaders = ["ENROLMENT", "AGREEMENT", "ACCOUNT", "STATUS", "INSTALLMENT", "DEFERRED", "BILLS", "SETTLE-UP", "RECALCULATED", "DRIFT", "REVIEW"]

    static func planRows(_ plans: [Settle_Programs_V1_BudgetPlan]) -> [[String]] {
        plans.map { plan in
            [plan.enrolmentID, String(plan.agreementID), plan.accountNumber, plan.status, Dollars.signed(plan.installmentCents),
             Dollars.signed(plan.deferredCents), String(plan.bills), monthName(plan.settleUpMonth),
             Dollars.signed(plan.recalculatedInstallmentCents), BasisPoints.percent(Int64(plan.driftBasisPoints)), plan.dueForReview ? "yes" : "no"]
        }
    }

    /// One plan whole: its figures, bills and installment changes.
    static func printPlan(_ plan: Settle_Programs_V1_BudgetPlan) {
        Output.table(planHeaders, planRows([plan]))
        print("basis \(plan.basis) (\(plan.historyMonths) months of history); actual billed \(Dollars.signed(plan.actualBilledCents)), "
              + "installments billed \(Dollars.signed(plan.installmentsBilledCents))"
              + (plan.endReason.isEmpty ? "" : "; \(plan.endReason)") + (plan.barredUntil.isEmpty ? "" : "; re-enrolment barred until \(plan.barredUntil)")
              + (plan.settleUpPending ? "; next bill settles up" : ""))
        if !plan.planBills.isEmpty {
            print("\nbills")
            Output.table(["BILL", "PERIOD END", "KIND", "ACTUAL", "INSTALLMENT", "DUE", "DEFERRED AFTER", "CHANGE"], plan.planBills.map {
                [$0.billID + ($0.cancelled ? " (cancelled)" : ""), $0.periodEnd, $0.kind, Dollars.signed($0.actualCents),
                 Dollars.signed($0.installmentCents), Dollars.signed($0.dueCents), Dollars.signed($0.deferredAfterCents),
                 Cell.dash($0.changeReason)]
            })
        }
        print("\ninstallment changes")
        Output.table(["DATE", "FROM", "TO", "REASON", "BY"], plan.changes.map {
            [$0.date, Dollars.signed($0.fromCents), Dollars.signed($0.toCents), $0.reason, $0.actor]
        })
    }

    static func monthName(_ month: UInt32) -> String {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return (1...12).contains(month) ? names[Int(month) - 1] : "-"
    }
}
