import SettleContracts
import SettleDomain

/// A solar account's final bill closes its bank: after the bill has drawn on the bank (or the
/// dollars carried) like any bill, what is left is paid out as on a true-up bill.
///
/// The final bill is made the program's true-up bill: its terms take the bill's own month as
/// the true-up month, so `SolarSettlement` pays the kWh bank at the year-end sell rate (and
/// dollars carried at face value) with the arithmetic, rounding and `true_up_credit` line of
/// every true-up. Rollover is off on it: there is no later bill to carry to. The terms are kept
/// in the bill's stored input, so a rebill, shadow bill or what-if closes the bank the same way.
extension SolarBanks {
    /// `terms` for the final bill of a period ending (excluded) on `periodEnd`.
    static func closingOut(_ terms: Settle_Rating_V1_SolarTerms, periodEnd: LocalDate) -> Settle_Rating_V1_SolarTerms {
        var closed = terms
        // The month a bill is for (`RatingInput.billMonth`): that of its last day of service.
        closed.trueUpMonth = UInt32(YearMonth(periodEnd.adding(days: -1)).month)
        closed.rollover = false
        return closed
    }

    /// The bill's note saying why it pays the bank out in a month that is not the true-up month.
    static func closingNote(_ terms: Settle_Rating_V1_SolarTerms) -> String {
        let rate = terms.yearendSellRate.isEmpty ? "0" : terms.yearendSellRate
        let what: String
        switch terms.metering {
        case "net_metering": what = "the kWh left in the bank after this bill are paid at the year-end sell rate \(rate)"
        case "net_metering_dollars", "net_billing_carryover": what = "the dollars still carried after this bill are paid out"
        default: what = "nothing is banked or carried"
        }
        return "Solar \(terms.metering) (enrolment \(terms.enrolmentID)) closed on the final bill: \(what)"
    }
}
