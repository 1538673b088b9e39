import SettleContracts
import SettleDomain

/// What makes a bill an agreement's final bill, and where an off-cycle final bill starts.
///
/// An agreement that moved out is `pending_final` in Accounts with its last day of service
/// as `end_date`. Its final bill runs to the move-out read: either the cycle's run bills it
/// (VEE closes the move-out period at that read) or `BillFinal` bills it off-cycle from the
/// end of its last bill.
enum FinalBill {
    /// Whether a bill over a period ending on `periodEnd` is the agreement's final bill.
    static func isFinal(_ agreement: Settle_Accounts_V1_ServiceAgreement?, periodEnd: String) -> Bool {
        guard let agreement, agreement.status == "pending_final", !agreement.endDate.isEmpty else { return false }
        return periodEnd >= agreement.endDate
    }

    /// The period an off-cycle final bill is filed under: the one after the agreement's last
    /// bill (the period the cycle's run would have billed the move-out in, so the run then
    /// finds it billed), else the month of the move-out.
    static func period(lastBill: Settle_Rating_V1_Bill?, moveOut: LocalDate) -> YearMonth {
        if let lastBill, let period = YearMonth(lastBill.period) { return period.adding(months: 1) }
        return YearMonth(moveOut)
    }
}
