import SettleDomain
/// The dollar step of a solar bill, once its lines are priced: what the credits take off the
/// bill, what is carried, what expires, and the true-up.
///
/// Order (Utilityrate5's `ur_calc` and `ur_calc_timestep`): dollars carried in (after the lots
/// past their expiry are dropped, oldest first) and then the bill's own credit are applied
/// against the bill's **energy charges only** — never the customer charge, demand, riders or
/// the minimum bill — and what is left is carried; net billing credits the bill directly but
/// never below its non-bypassable charges (Settle's rule; SAM lets a net-billing month go
/// negative); in the true-up month the kWh bank is paid at the year-end sell rate (or, with
/// rollover, turned into dollars applied the same way and carried), and dollars carried are
/// paid out at face value unless the program rolls them over.
struct SolarSettlement: Sendable {
    /// Applied as export credit lines (net billing, buy all / sell all): positive cents.
    var exportCreditCents: Int64 = 0
    /// Net billing credit not applied: it would have taken the bill below its floor.
    var limitedCents: Int64 = 0
    /// Dollars carried or earned applied against the energy charges: positive cents.
    var appliedCents: Int64 = 0
    var carryoverStartCents: Int64 = 0
    var addedCents: Int64 = 0
    var expiredCents: Int64 = 0
    var lotsEnd: [CreditLotValue] = []
    var trueUp = false
    /// Paid out on the true-up bill: positive cents (a credit line after taxes).
    var trueUpCents: Int64 = 0

    var carryoverEndCents: Int64 { lotsEnd.reduce(0) { $0 + $1.cents } }

    /// - Parameters:
    ///   - energyCents: the energy lines' total (on the kWh `SolarNetting.use` buys).
    ///   - exportCents: the value of `SolarNetting.exports` at the sell rates.
    ///   - chargesCents: every line before credits, minimum and taxes.
    ///   - floorCents: the customer charge plus the non-bypassable riders.
    ///   - netting: the kWh step; its banks are paid out here in the true-up month.
    static func settle(
        _ terms: SolarTermsInput, month: YearMonth, energyCents: Int64, exportCents: Int64, chargesCents: Int64, floorCents: Int64,
        rounding: Rounding, netting: inout SolarNetting
    ) -> SolarSettlement {
        var result = SolarSettlement()
        result.trueUp = month.month == terms.trueUpMonth
        // Lots past their expiry go first; the rest are used oldest first.
        var lots: [CreditLotValue] = []
        for lot in terms.carryoverStart {
            result.carryoverStartCents += lot.cents
            if terms.expiryMonths > 0, month.index - lot.earned.index > terms.expiryMonths {
                result.expiredCents += lot.cents
            } else if lot.cents > 0 {
                lots.append(lot)
            }
        }
        var earned: Int64 = 0
        switch terms.option {
        case .netBilling:
            let room = max(0, chargesCents - floorCents)
            result.exportCreditCents = min(exportCents, room)
            result.limitedCents = exportCents - result.exportCreditCents
        case .buyAllSellAll:
            result.exportCreditCents = exportCents
        case .netMeteringDollars, .netBillingCarryover:
            earned = exportCents
        case .netMetering:
            if result.trueUp {
                let bank = netting.bankEnd
                let value = Int64(rounding.divide(Int128(bank) * Int128(terms.yearEndSellMicros), by: 1_000_000_000_000 / 100))
                for index in netting.banks.indices {
                    netting.banks[index].paidOut = netting.banks[index].end
                    netting.banks[index].end = 0
                }
                if terms.rollover { earned = value } else { result.trueUpCents = value }
            }
        }
        // Carried dollars, then this bill's, against the energy charges only.
        var room = max(0, energyCents)
        for index in lots.indices where room > 0 {
            let take = min(room, lots[index].cents)
            lots[index].cents -= take
            room -= take
            result.appliedCents += take
        }
        let fromEarned = min(room, earned)
        result.appliedCents += fromEarned
        result.addedCents = earned
        lots = lots.filter { $0.cents > 0 }
        if earned - fromEarned > 0 { lots.append(CreditLotValue(earned: month, cents: earned - fromEarned)) }
        if result.trueUp, !terms.rollover, terms.option.carriesDollars {
            result.trueUpCents += lots.reduce(0) { $0 + $1.cents }
            lots = []
        }
        result.lotsEnd = lots
        return result
    }
}
