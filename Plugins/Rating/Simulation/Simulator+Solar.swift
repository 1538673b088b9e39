import SettleContracts
import SettleDomain

/// A simulated month under a solar metering option, with the same order of operations as a
/// solar bill (`SolarNetting`, `SolarSettlement`): energy on the kWh the option buys, demand
/// on the delivered peaks, credits applied, the minimum on what is left, then the true-up.
/// `total` is what the customer owes that month (SAM's `year1_monthly_utility_bill_w_sys`),
/// `export_credit` every credit the month's bill took off (exports or dollars carried).
extension Simulator {
    func billSolar(_ month: YearMonth, _ data: Month, terms: SolarTermsInput) -> (proto: Settle_Rating_V1_SimulatedMonth, total: Int64, next: SolarTermsInput) {
        let rounding = self.terms.rounding
        let segment = BillRater.Segment(terms: self.terms, from: month.firstDay, to: month.firstDay.adding(days: month.days))
        let schedule = self.terms.energy
        // A flat or seasonal tariff keeps one bank; a TOU tariff one per period.
        let monthly = schedule?.monthly ?? true
        let season = schedule?.monthlyPeriod(on: month.firstDay) ?? 0
        let delivered = monthly ? [data.energy.reduce(0, +)] : data.energy
        let received = monthly ? [data.exports.reduce(0, +)] : data.exports
        var netting = SolarNetting.net(terms, delivered: delivered, received: received)
        var lines: [Settle_Rating_V1_BillLine] = []
        var fixed: Int64 = 0
        if let charge = self.terms.customerCharge {
            let count = charge.perDay ? month.days : 1
            fixed = Blocks.cents(Int64(count) * Micros.scale, charge.amountMicros, rounding: rounding)
            lines.append(BillRater.line("customer", "Customer charge", quantity: "\(count)", unit: charge.perDay ? "days" : "months", rate: Micros.format(charge.amountMicros), cents: fixed, segment: segment))
        }
        var energy: Int64 = 0
        var exportValue: Int64 = 0
        var exportLines: [Settle_Rating_V1_BillLine] = []
        if let schedule {
            let use = monthly ? [(period: season, micros: netting.use[0])] : netting.use.enumerated().map { (period: $0.offset, micros: $0.element) }.filter { $0.micros > 0 || $0.period == 0 }
            let energyLines = PeriodBlocks.lines(usage: use, periods: schedule.periods, scale: (1, 1), days: month.days, segment: segment, index: 0, component: "energy", unit: "kWh", multiplePeriods: schedule.periods.count > 1)
            energy = energyLines.reduce(0) { $0 + $1.proto.amountCents }
            lines += energyLines.map(\.proto)
            for (index, kwh) in netting.exports.enumerated() where kwh > 0 {
                let period = monthly ? season : index
                guard let sell = schedule.periods[period].blocks.first?.sellMicros, sell > 0 else { continue }
                let cents = Blocks.cents(kwh, sell, rounding: rounding)
                exportValue += cents
                exportLines.append(BillRater.line("export_credit", schedule.periods.count > 1 ? "Export credit \(schedule.periods[period].name)" : "Export credit",
                                                  quantity: BillRater.quantity(kwh), unit: "kWh", rate: Micros.format(sell), cents: -cents, segment: segment))
            }
        }
        // Demand is on the delivered peaks, as without a program.
        let plain = bill(month, data, group: nil).proto
        let demand = (Micros.parse(plain.demand) ?? 0) / 10_000
        lines += plain.lines.filter { $0.component == "demand" }
        let charges = fixed + energy + demand
        let settlement = SolarSettlement.settle(terms, month: month, energyCents: energy, exportCents: exportValue, chargesCents: charges, floorCents: fixed,
                                                rounding: rounding, netting: &netting)
        var credit: Int64 = 0
        switch terms.option {
        case .netBilling, .buyAllSellAll:
            credit = settlement.exportCreditCents
            lines += exportLines
            if settlement.limitedCents > 0 {
                lines.append(BillRater.line("export_credit", "Export credit limited to the customer charge (\(Dollars.plain(fixed)))", quantity: Dollars.plain(settlement.limitedCents),
                                            unit: "$", rate: "", cents: settlement.limitedCents, segment: segment))
            }
        case .netMetering, .netMeteringDollars, .netBillingCarryover:
            credit = settlement.appliedCents
            if credit > 0 {
                lines.append(BillRater.line("solar_credit", "Solar credit applied to energy charges", quantity: Dollars.plain(credit), unit: "$", rate: "", cents: -credit, segment: segment))
            }
        }
        var minimum: Int64 = 0
        let subtotal = charges - credit
        if let charge = self.terms.minimumBill {
            let floor = Blocks.cents(Int64(charge.perDay ? month.days : 1) * Micros.scale, charge.amountMicros, rounding: rounding)
            if subtotal < floor {
                minimum = floor - subtotal
                lines.append(BillRater.line("minimum", "Minimum bill adjustment (minimum \(Dollars.plain(floor)))", quantity: Dollars.plain(subtotal), unit: "$", rate: Dollars.plain(floor), cents: minimum, segment: segment))
            }
        }
        if settlement.trueUpCents > 0 {
            lines.append(BillRater.line("true_up_credit", "True-up", quantity: Dollars.plain(settlement.trueUpCents), unit: "$", rate: Micros.format(terms.yearEndSellMicros), cents: -settlement.trueUpCents, segment: segment))
        }
        let total = subtotal + minimum - settlement.trueUpCents
        let statement = BillRater.statement(terms, netting: netting, settlement: settlement, floor: fixed, periodNames: monthly ? [] : (schedule?.periods.map(\.name) ?? []))

        var proto = Settle_Rating_V1_SimulatedMonth()
        proto.month = month.description
        proto.fixed = Dollars.plain(fixed)
        proto.energy = Dollars.plain(energy)
        proto.demand = Dollars.plain(demand)
        proto.minimum = Dollars.plain(minimum)
        proto.exportCredit = Dollars.plain(credit)
        proto.total = Dollars.plain(total)
        proto.deliveredKwh = plain.deliveredKwh
        proto.receivedKwh = plain.receivedKwh
        if terms.option == .netMetering { proto.bankKwhEnd = BillRater.quantity(netting.bankEnd) }
        if terms.option.carriesDollars || settlement.carryoverEndCents > 0 || settlement.carryoverStartCents > 0 { proto.carryoverDollarsEnd = Dollars.plain(settlement.carryoverEndCents) }
        if settlement.trueUp, terms.option != .netBilling, terms.option != .buyAllSellAll { proto.trueUpCredit = Dollars.plain(settlement.trueUpCents) }
        proto.solar = statement
        if explain { proto.lines = lines }
        let next = SolarTermsInput(option: terms.option, trueUpMonth: terms.trueUpMonth, yearEndSellMicros: terms.yearEndSellMicros, rollover: terms.rollover,
                                   expiryMonths: terms.expiryMonths, enrolmentID: terms.enrolmentID, bankStart: netting.banks.map(\.end), carryoverStart: settlement.lotsEnd)
        return (proto, total, next)
    }

    /// The solar month with what the plain month knew that the solar one does not (a group's meters).
    static func merged(_ plain: Settle_Rating_V1_SimulatedMonth, _ solar: Settle_Rating_V1_SimulatedMonth) -> Settle_Rating_V1_SimulatedMonth {
        var month = solar
        month.coincidentDemandKw = plain.coincidentDemandKw
        month.nonCoincidentDemandKw = plain.nonCoincidentDemandKw
        month.meters = plain.meters
        return month
    }
}
