import SettleContracts
import SettleDomain
import SettleRPC

extension TariffTerms {
    /// Parses a version; INVALID_ARGUMENT naming the field for anything that cannot be rated.
    init(_ version: Settle_Rating_V1_TariffVersion) throws(RPCError) {
        code = version.code
        self.version = version.version
        guard let from = LocalDate(version.effectiveFrom) else {
            throw RatingError.invalid("effective_from", "'\(version.effectiveFrom)' is not a date YYYY-MM-DD")
        }
        effectiveFrom = from
        switch version.rounding {
        case "", "half_up": rounding = .halfUp
        case "half_even": rounding = .halfEven
        default: throw RatingError.invalid("rounding", "'\(version.rounding)' is not half_up or half_even")
        }
        switch version.proration {
        case "", "days": prorateByDays = true
        case "none": prorateByDays = false
        default: throw RatingError.invalid("proration", "'\(version.proration)' is not days or none")
        }
        standardDays = version.standardDays == 0 ? 30 : Int(version.standardDays)
        customerCharge = try Self.fixed(version.hasCustomerCharge ? version.customerCharge : nil, field: "customer_charge")
        minimumBill = try Self.fixed(version.hasMinimumBill ? version.minimumBill : nil, field: "minimum_bill")
        energy = version.hasEnergy ? try Self.schedule(version.energy) : nil
        demand = version.hasDemand ? try Self.demand(version.demand) : nil
        riders = try version.riders.enumerated().map { index, rider throws(RPCError) in try Self.rider(rider, field: "riders[\(index)]") }
        taxes = try version.taxes.enumerated().map { index, tax throws(RPCError) in
            let field = "taxes[\(index)]"
            guard !tax.name.isEmpty else { throw RatingError.invalid("\(field).name", "a tax needs a name") }
            return Tax(name: tax.name, taxType: tax.taxType, percentMicros: try Self.decimal(tax.percent, field: "\(field).percent"), appliesTo: Set(tax.appliesTo))
        }
        water = version.hasWater ? try Self.volume(version.water, field: "water") : nil
        wastewater = version.hasWastewater ? try Self.volume(version.wastewater, field: "wastewater") : nil
    }

    static func decimal(_ text: String, field: String) throws(RPCError) -> Int64 {
        guard let value = Micros.parse(text) else {
            throw RatingError.invalid(field, text.isEmpty ? "a decimal is required" : "'\(text)' is not a decimal with at most 6 places")
        }
        return value
    }

    static func optionalDecimal(_ text: String, field: String) throws(RPCError) -> Int64? {
        text.isEmpty ? nil : try decimal(text, field: field)
    }

    private static func fixed(_ charge: Settle_Rating_V1_FixedCharge?, field: String) throws(RPCError) -> Fixed? {
        guard let charge else { return nil }
        let amount = try decimal(charge.amount, field: "\(field).amount")
        switch charge.per {
        case "", "month": return Fixed(amountMicros: amount, perDay: false)
        case "day": return Fixed(amountMicros: amount, perDay: true)
        default: throw RatingError.invalid("\(field).per", "'\(charge.per)' is not month or day")
        }
    }

    static func blocks(_ tiers: [Settle_Rating_V1_Tier], field: String) throws(RPCError) -> [Block] {
        guard !tiers.isEmpty else { throw RatingError.invalid(field, "at least one tier is required") }
        var previous: Int64 = 0
        var result: [Block] = []
        for (index, tier) in tiers.enumerated() {
            let at = "\(field)[\(index)]"
            let max = try optionalDecimal(tier.max, field: "\(at).max")
            if let max {
                guard max > previous else { throw RatingError.invalid("\(at).max", "tier limits must increase (\(tier.max))") }
                previous = max
            } else if index != tiers.count - 1 {
                throw RatingError.invalid("\(at).max", "only the last tier may have no limit")
            }
            let daily: Bool
            switch tier.unit {
            case "", "kwh", "kw", "kgal": daily = false
            case "kwh_daily": daily = true
            default: throw RatingError.invalid("\(at).unit", "'\(tier.unit)' is not kwh or kwh_daily")
            }
            result.append(Block(maxMicros: max, rateMicros: try decimal(tier.rate, field: "\(at).rate"), sellMicros: try optionalDecimal(tier.sell, field: "\(at).sell"), daily: daily))
        }
        return result
    }

    private static func periods(_ periods: [Settle_Rating_V1_RatePeriod], field: String) throws(RPCError) -> [Period] {
        try periods.enumerated().map { index, period throws(RPCError) in
            Period(name: period.name.isEmpty ? "period \(index + 1)" : period.name, blocks: try blocks(period.tiers, field: "\(field)[\(index)].tiers"))
        }
    }

    private static func table(_ entries: [UInt32], count: Int, periods: Int, field: String) throws(RPCError) -> [Int] {
        guard !entries.isEmpty else { return [] }
        guard entries.count == count else { throw RatingError.invalid(field, "needs \(count) entries, has \(entries.count)") }
        guard let bad = entries.first(where: { Int($0) >= periods }) else { return entries.map(Int.init) }
        throw RatingError.invalid(field, "period index \(bad) but only \(periods) period(s) are defined")
    }

    private static func schedule(_ energy: Settle_Rating_V1_EnergyCharge) throws(RPCError) -> Schedule {
        guard !energy.periods.isEmpty else { throw RatingError.invalid("energy.periods", "at least one period is required") }
        let periods = try periods(energy.periods, field: "energy.periods")
        let weekday = try table(energy.weekday, count: 288, periods: periods.count, field: "energy.weekday")
        let weekend = energy.weekend.isEmpty ? weekday : try table(energy.weekend, count: 288, periods: periods.count, field: "energy.weekend")
        guard weekday.isEmpty == weekend.isEmpty else { throw RatingError.invalid("energy.weekday", "a weekend schedule needs a weekday schedule") }
        var holidays = Set<LocalDate>()
        for (index, text) in energy.holidays.enumerated() {
            guard let day = LocalDate(text) else { throw RatingError.invalid("energy.holidays[\(index)]", "'\(text)' is not a date YYYY-MM-DD") }
            holidays.insert(day)
        }
        return Schedule(periods: periods, weekday: weekday, weekend: weekend, holidays: holidays)
    }

    private static func demand(_ demand: Settle_Rating_V1_DemandCharge) throws(RPCError) -> Demand {
        let flat = try periods(demand.flatPeriods, field: "demand.flat_periods")
        let tou = try periods(demand.touPeriods, field: "demand.tou_periods")
        let touWeekday = try table(demand.touWeekday, count: 288, periods: tou.count, field: "demand.tou_weekday")
        let months = Set(demand.ratchetFromMonths.map(Int.init))
        guard months.allSatisfy({ (1...12).contains($0) }) else { throw RatingError.invalid("demand.ratchet_from_months", "months are 1–12") }
        let ratchet = try optionalDecimal(demand.ratchetPercent, field: "demand.ratchet_percent")
        if ratchet != nil, demand.ratchetMonths == 0 { throw RatingError.invalid("demand.ratchet_months", "a ratchet needs its look-back in months") }
        let minimum = try optionalDecimal(demand.minimumKw, field: "demand.minimum_kw")
        return Demand(
            multiplierMicros: demand.multiplier.isEmpty ? Micros.scale : try decimal(demand.multiplier, field: "demand.multiplier"),
            flatPeriods: flat,
            flatMonths: try table(demand.flatMonths, count: 12, periods: flat.count, field: "demand.flat_months"),
            touPeriods: tou, touWeekday: touWeekday,
            touWeekend: demand.touWeekend.isEmpty ? touWeekday : try table(demand.touWeekend, count: 288, periods: tou.count, field: "demand.tou_weekend"),
            ratchetPercentMicros: ratchet, ratchetMonths: Int(demand.ratchetMonths), ratchetFromMonths: months,
            minimumW: minimum.map { $0 / 1_000 },
            powerFactorTargetMicros: try optionalDecimal(demand.powerFactorTarget, field: "demand.power_factor_target"))
    }

    private static func rider(_ rider: Settle_Rating_V1_Rider, field: String) throws(RPCError) -> Rider {
        guard !rider.name.isEmpty else { throw RatingError.invalid("\(field).name", "a rider needs a name") }
        let perKWh: Bool
        switch rider.unit {
        case "", "kwh": perKWh = true
        case "month": perKWh = false
        default: throw RatingError.invalid("\(field).unit", "'\(rider.unit)' is not kwh or month")
        }
        var values: [RiderValue] = []
        for (index, value) in rider.values.enumerated() {
            guard let from = LocalDate(value.effectiveFrom) else {
                throw RatingError.invalid("\(field).values[\(index)].effective_from", "'\(value.effectiveFrom)' is not a date YYYY-MM-DD")
            }
            values.append(RiderValue(from: from, rateMicros: try decimal(value.rate, field: "\(field).values[\(index)].rate")))
        }
        return Rider(name: rider.name, perKWh: perKWh, values: values.sorted { $0.from < $1.from }, nonBypassable: rider.nonBypassable)
    }

    private static func volume(_ volume: Settle_Rating_V1_VolumeCharge, field: String) throws(RPCError) -> Volume {
        var base: [String: Int64] = [:]
        for (index, charge) in volume.base.enumerated() {
            base[charge.meterSize] = try decimal(charge.amount, field: "\(field).base[\(index)].amount")
        }
        return Volume(base: base, blocks: volume.tiers.isEmpty ? [] : try blocks(volume.tiers, field: "\(field).tiers"))
    }
}
