import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// Rates a load profile month by month under one tariff version, without accounts.
///
/// Conventions (documented in the module README): each calendar month is billed whole —
/// the monthly customer charge in full ($/day × the month's days), blocks at their monthly
/// sizes ("kWh daily" × the month's days) with no proration; block limits apply to the
/// month's total delivered kWh across time-of-use periods (the SAM convention, see
/// `PeriodBlocks`); demand is the highest interval kW (kWh × 60 / interval minutes) in the
/// month or the demand period, × the multiplier, at least the minimum; exports earn the
/// sell rate of the energy period they fall in, interval by interval (net billing); the
/// minimum bill tops up the month's total after credits. Riders and taxes are not part of
/// a simulation.
struct Simulator {
    let terms: TariffTerms
    let explain: Bool
    /// The utility's holiday calendar (Programs'), beside the tariff's own holidays.
    var calendar: Set<LocalDate> = []
    /// A solar metering option (`settle bill simulate --metering`): the bank and carryover run
    /// from month to month through the file, starting empty (`Simulator+Solar`).
    var solar: SolarTermsInput?

    struct Month {
        var energy: [Int64]
        var exports: [Int64]
        var demandMax: [Int64]
        var flatMax: Int64 = 0
        var deliveredTotal: Int64 = 0
        var receivedTotal: Int64 = 0
    }

    /// Each month's energy by period, exports, demand maxima and totals, in the load's order.
    private func accumulate(_ load: LoadProfile) -> (months: [YearMonth: Month], order: [YearMonth]) {
        let energyPeriods = terms.energy?.periods.count ?? 1
        let demandPeriods = terms.demand?.touPeriods.count ?? 0
        var months: [YearMonth: Month] = [:]
        var order: [YearMonth] = []
        let perHour = Int64(60 / load.intervalMinutes)

        // Hoisted out of the row loop: the tables each row looks up.
        let energyWeekday = terms.energy?.weekday ?? []
        let energyWeekend = terms.energy?.weekend ?? []
        let holidays = (terms.energy?.holidays ?? []).union(calendar)
        let demandWeekday = terms.demand?.touWeekday ?? []
        let demandWeekend = terms.demand?.touWeekend ?? []
        var currentDay = Int32.min
        var month = YearMonth(LocalDate(dayNumber: 0))
        var weekendTable = false
        var entry = Month(energy: [], exports: [], demandMax: [])
        var monthOffset = 0
        for row in 0..<load.count {
            if load.days[row] != currentDay {
                if currentDay != Int32.min { months[month] = entry }
                currentDay = load.days[row]
                let day = LocalDate(dayNumber: Int(currentDay))
                month = YearMonth(day)
                monthOffset = (month.month - 1) * 24
                weekendTable = day.isWeekend || holidays.contains(day)
                if let existing = months[month] {
                    entry = existing
                } else {
                    order.append(month)
                    entry = Month(energy: [Int64](repeating: 0, count: energyPeriods), exports: [Int64](repeating: 0, count: energyPeriods), demandMax: [Int64](repeating: 0, count: demandPeriods))
                }
            }
            let slot = monthOffset + Int(load.minutes[row]) / 60
            let delivered = load.delivered[row]
            let received = load.received[row]
            let period = energyWeekday.isEmpty ? 0 : (weekendTable ? energyWeekend[slot] : energyWeekday[slot])
            entry.energy[period] += delivered
            entry.exports[period] += received
            entry.deliveredTotal += delivered
            entry.receivedTotal += received
            let kw = delivered * perHour
            if kw > entry.flatMax { entry.flatMax = kw }
            if demandPeriods > 0 {
                let demandPeriod = demandWeekday.isEmpty ? 0 : (weekendTable ? demandWeekend[slot] : demandWeekday[slot])
                if kw > entry.demandMax[demandPeriod] { entry.demandMax[demandPeriod] = kw }
            }
        }
        if currentDay != Int32.min { months[month] = entry }

        return (months, order)
    }

    /// How a totalized group's demand is summed (the Programs enrolment's `demand_method`).
    enum DemandMethod: String, Sendable {
        /// The peak of the meters' summed intervals.
        case coincident
        /// The sum of each meter's own peak.
        case nonCoincident = "non_coincident"
    }

    /// Rates one meter's load, or a totalized group's (`loads` lined up interval by interval,
    /// `LoadProfile.sum`): energy and exports summed, demand as `demandMethod` says, each
    /// month listing every meter's kWh and peak and both demand figures side by side.
    func simulate(_ loads: [LoadProfile], demandMethod: DemandMethod) throws(RPCError) -> Settle_Rating_V1_SimulateBillResponse {
        guard let first = loads.first else { throw RatingError.invalid("load_csv", "no load to simulate") }
        let grouped = loads.count > 1
        let load = grouped ? try LoadProfile.sum(loads) : first
        let accumulated = accumulate(load)
        var months = accumulated.months
        let order = accumulated.order
        var figures: [YearMonth: GroupFigures] = [:]
        if grouped {
            let meters = loads.map { accumulate($0).months }
            for key in order {
                guard var month = months[key] else { continue }
                let own = meters.map { $0[key] ?? Month(energy: [], exports: [], demandMax: []) }
                let nonCoincident = own.reduce(Int64(0)) { $0 + $1.flatMax }
                figures[key] = GroupFigures(coincident: month.flatMax, nonCoincident: nonCoincident,
                                            meters: own.map { (kwh: $0.deliveredTotal, peak: $0.flatMax) }, method: demandMethod)
                if demandMethod == .nonCoincident {
                    month.flatMax = nonCoincident
                    for period in month.demandMax.indices {
                        month.demandMax[period] = own.reduce(Int64(0)) { $0 + ($1.demandMax.indices.contains(period) ? $1.demandMax[period] : 0) }
                    }
                    months[key] = month
                }
            }
        }

        var response = Settle_Rating_V1_SimulateBillResponse()
        response.tariffVersion = terms.label
        response.intervals = UInt32(load.count)
        var total: Int64 = 0
        var solarState = solar
        for key in order {
            guard let data = months[key] else { continue }
            var result = bill(key, data, group: figures[key])
            if let terms = solarState {
                let solarMonth = billSolar(key, data, terms: terms)
                solarState = solarMonth.next
                result = (Self.merged(result.proto, solarMonth.proto), solarMonth.total)
            }
            total += result.total
            response.months.append(result.proto)
        }
        response.total = Dollars.plain(total)
        return response
    }

    /// A totalized month's demand both ways and each meter's part.
    struct GroupFigures {
        let coincident: Int64
        let nonCoincident: Int64
        let meters: [(kwh: Int64, peak: Int64)]
        let method: DemandMethod
    }

    func bill(_ month: YearMonth, _ data: Month, group: GroupFigures?) -> (proto: Settle_Rating_V1_SimulatedMonth, total: Int64) {
        let segment = BillRater.Segment(terms: terms, from: month.firstDay, to: month.firstDay.adding(days: month.days))
        let rounding = terms.rounding
        var lines: [Settle_Rating_V1_BillLine] = []
        var fixed: Int64 = 0
        if let charge = terms.customerCharge {
            let count = charge.perDay ? month.days : 1
            fixed = Blocks.cents(Int64(count) * Micros.scale, charge.amountMicros, rounding: rounding)
            lines.append(BillRater.line("customer", "Customer charge", quantity: "\(count)", unit: charge.perDay ? "days" : "months", rate: Micros.format(charge.amountMicros), cents: fixed, segment: segment))
        }
        var energy: Int64 = 0
        if let schedule = terms.energy {
            let usage = data.energy.enumerated().map { (period: $0.offset, micros: $0.element) }.filter { $0.micros > 0 || $0.period == 0 }
            let energyLines = PeriodBlocks.lines(usage: usage, periods: schedule.periods, scale: (1, 1), days: month.days, segment: segment, index: 0, component: "energy", unit: "kWh", multiplePeriods: schedule.periods.count > 1)
            energy = energyLines.reduce(0) { $0 + $1.proto.amountCents }
            lines += energyLines.map(\.proto)
        }
        var demandCents: Int64 = 0
        if let demand = terms.demand {
            var demandLines: [Settle_Rating_V1_BillLine] = []
            func charge(_ measured: Int64, period: TariffTerms.Period, name: String?) {
                var kw = Int64(Rounding.halfUp.divide(Int128(measured) * Int128(demand.multiplierMicros), by: Int128(Micros.scale)))
                if let minimum = demand.minimumW { kw = max(kw, minimum * 1_000) }
                let quantities = PeriodBlocks.quantities(kw, total: kw, blocks: period.blocks, scale: (1, 1), days: month.days)
                for (block, quantity) in quantities.enumerated() where quantity != 0 || block == 0 {
                    let rate = period.blocks[block].rateMicros
                    let cents = Blocks.cents(quantity, rate, rounding: rounding)
                    demandLines.append(BillRater.line("demand", PeriodBlocks.description(component: "demand", period: name, block: period.blocks.count > 1 ? block : nil),
                                                      quantity: BillRater.quantity(quantity), unit: "kW", rate: Micros.format(rate), cents: cents, segment: segment))
                }
            }
            if !demand.flatPeriods.isEmpty {
                let period = demand.flatPeriods[demand.flatPeriod(month: month.month)]
                charge(data.flatMax, period: period, name: demand.flatPeriods.count > 1 ? period.name : nil)
            }
            for (index, period) in demand.touPeriods.enumerated() where data.demandMax[index] > 0 {
                charge(data.demandMax[index], period: period, name: period.name)
            }
            demandCents = demandLines.reduce(0) { $0 + $1.amountCents }
            lines += demandLines
        }
        var credit: Int64 = 0
        if let schedule = terms.energy {
            for (index, kwh) in data.exports.enumerated() where kwh > 0 {
                guard let sell = schedule.periods[index].blocks.first?.sellMicros, sell > 0 else { continue }
                let cents = Blocks.cents(kwh, sell, rounding: rounding)
                credit += cents
                lines.append(BillRater.line("export_credit", schedule.periods.count > 1 ? "Export credit \(schedule.periods[index].name)" : "Export credit",
                                            quantity: BillRater.quantity(kwh), unit: "kWh", rate: Micros.format(sell), cents: -cents, segment: segment))
            }
        }
        var minimum: Int64 = 0
        let subtotal = fixed + energy + demandCents - credit
        if let charge = terms.minimumBill {
            let floor = Blocks.cents(Int64(charge.perDay ? month.days : 1) * Micros.scale, charge.amountMicros, rounding: rounding)
            if subtotal < floor {
                minimum = floor - subtotal
                lines.append(BillRater.line("minimum", "Minimum bill adjustment (minimum \(Dollars.plain(floor)))", quantity: Dollars.plain(subtotal), unit: "$", rate: Dollars.plain(floor), cents: minimum, segment: segment))
            }
        }
        let total = subtotal + minimum
        var proto = Settle_Rating_V1_SimulatedMonth()
        proto.month = month.description
        proto.fixed = Dollars.plain(fixed)
        proto.energy = Dollars.plain(energy)
        proto.demand = Dollars.plain(demandCents)
        proto.minimum = Dollars.plain(minimum)
        proto.exportCredit = Dollars.plain(credit)
        proto.total = Dollars.plain(total)
        proto.deliveredKwh = BillRater.quantity(data.deliveredTotal)
        proto.receivedKwh = BillRater.quantity(data.receivedTotal)
        if let group {
            proto.coincidentDemandKw = BillRater.quantity(group.coincident)
            proto.nonCoincidentDemandKw = BillRater.quantity(group.nonCoincident)
            proto.meters = group.meters.enumerated().map { index, meter in
                .with { $0.load = UInt32(index); $0.deliveredKwh = BillRater.quantity(meter.kwh); $0.peakKw = BillRater.quantity(meter.peak) }
            }
        }
        if explain { proto.lines = lines }
        return (proto, total)
    }
}
