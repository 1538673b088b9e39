import SettleContracts
import SettleDomain

/// The rules that look at one issued bill of the period: its total, its history, its use
/// against its rate class.
enum BillChecks {
    /// An agreement's issued bills of the periods before, summed.
    struct History: Sendable {
        var cents: Int64 = 0
        var bills: Int64 = 0
    }

    static func findings(_ bill: BillFacts, history: History?) -> [Settle_Reporting_V1_Anomaly] {
        // A zero or negative bill counts held too (Rating holds them; the scan lists them
        // with the rest); the other rules look at issued bills only.
        guard bill.status != "cancelled" else { return [] }
        let entities = ["account \(bill.accountNumber)", "agreement \(bill.agreementID)", "bill \(bill.id)"]
        let total = bill.totalCents
        var found: [Settle_Reporting_V1_Anomaly] = []
        if total <= 0 {
            found.append(AnomalyRule.zeroOrNegativeBill.finding(
                entities: entities, account: bill.accountNumber, agreement: bill.agreementID,
                detail: "\(bill.status) bill \(bill.id) (\(bill.serviceType), \(bill.tariffCode)) totals \(Dollars.signed(total, grouped: false)) for \(BillUsage.whole(bill.useThousandths)) \(BillUsage.unit(of: bill.serviceType))",
                cents: total))
        }
        // Average × factor < total, in integers: total × bills > factor × sum.
        guard bill.status == "issued" else { return found }
        if let history, history.bills > 0, history.cents > 0, total * history.bills > AnomalyRule.historyFactor * history.cents {
            let average = history.cents / history.bills
            found.append(AnomalyRule.billAboveHistory.finding(
                entities: entities, account: bill.accountNumber, agreement: bill.agreementID,
                detail: "bill \(bill.id) totals \(Dollars.signed(total, grouped: false)) against an average of \(Dollars.signed(average, grouped: false)) over \(history.bills) earlier bill(s)",
                cents: total))
        }
        if bill.rateClass == "residential" {
            let demand = bill.maxDemandW, energy = bill.serviceType == "electric" ? bill.useThousandths : 0
            if demand > AnomalyRule.residentialDemandLimitW || energy > AnomalyRule.residentialEnergyLimitWh {
                found.append(AnomalyRule.rateClassMismatch.finding(
                    entities: entities + ["tariff \(bill.tariffCode)"], account: bill.accountNumber, agreement: bill.agreementID,
                    detail: "residential bill \(bill.id) with \(BillUsage.whole(demand)) kW demand and \(BillUsage.whole(energy)) kWh",
                    cents: total))
            }
        }
        return found
    }
}
