import SettleContracts

/// Short builders for tariff versions and determinants in tests.
enum Build {
    static func version(_ code: String, from: String, _ configure: (inout Settle_Rating_V1_TariffVersion) -> Void) -> Settle_Rating_V1_TariffVersion {
        var version = Settle_Rating_V1_TariffVersion()
        version.code = code
        version.effectiveFrom = from
        configure(&version)
        return version
    }

    static func fixed(_ amount: String, per: String = "month") -> Settle_Rating_V1_FixedCharge {
        var charge = Settle_Rating_V1_FixedCharge()
        charge.amount = amount
        charge.per = per
        return charge
    }

    static func tier(_ rate: String, max: String = "", sell: String = "") -> Settle_Rating_V1_Tier {
        var tier = Settle_Rating_V1_Tier()
        tier.rate = rate
        tier.max = max
        tier.sell = sell
        return tier
    }

    static func period(_ name: String, _ tiers: Settle_Rating_V1_Tier...) -> Settle_Rating_V1_RatePeriod {
        var period = Settle_Rating_V1_RatePeriod()
        period.name = name
        period.tiers = tiers
        return period
    }

    /// A flat or block energy charge (one period, no schedule).
    static func energy(_ tiers: Settle_Rating_V1_Tier...) -> Settle_Rating_V1_EnergyCharge {
        var energy = Settle_Rating_V1_EnergyCharge()
        energy.periods = [period("all", tiers: tiers)]
        return energy
    }

    static func period(_ name: String, tiers: [Settle_Rating_V1_Tier]) -> Settle_Rating_V1_RatePeriod {
        var period = Settle_Rating_V1_RatePeriod()
        period.name = name
        period.tiers = tiers
        return period
    }

    /// A 288-entry schedule from a function of (month 1–12, hour 0–23).
    static func schedule(_ period: (Int, Int) -> UInt32) -> [UInt32] {
        (1...12).flatMap { month in (0..<24).map { hour in period(month, hour) } }
    }

    /// TOU-D's weekday hours: 16:00 to 20:59 on-peak (period 1), every other hour off-peak (0).
    static let eveningPeak = schedule { _, hour in (16...20).contains(hour) ? 1 : 0 }

    /// A time-of-use energy charge of two periods, "off-peak" (0) and "on-peak" (1), on the
    /// `weekday` schedule; weekends are off-peak all day. The TOU-D tests bill on it with
    /// their own rates.
    static func touEnergy(offPeak: Settle_Rating_V1_Tier, onPeak: Settle_Rating_V1_Tier, weekday: [UInt32]) -> Settle_Rating_V1_EnergyCharge {
        var energy = Settle_Rating_V1_EnergyCharge()
        energy.periods = [period("off-peak", offPeak), period("on-peak", onPeak)]
        energy.weekday = weekday
        energy.weekend = schedule { _, _ in 0 }
        return energy
    }

    /// A time-of-use demand charge with the same two periods on the `weekday` schedule.
    static func touDemand(offPeak: Settle_Rating_V1_Tier, onPeak: Settle_Rating_V1_Tier, weekday: [UInt32]) -> Settle_Rating_V1_DemandCharge {
        var demand = Settle_Rating_V1_DemandCharge()
        demand.touPeriods = [period("off-peak", offPeak), period("on-peak", onPeak)]
        demand.touWeekday = weekday
        return demand
    }

    static func input(_ start: String, _ end: String, kwh: Int64 = 0, configure: (inout Settle_Rating_V1_RatingInput) -> Void = { _ in }) -> Settle_Rating_V1_RatingInput {
        var input = Settle_Rating_V1_RatingInput()
        input.periodStart = start
        input.periodEnd = end
        input.deliveredWh = kwh * 1_000
        configure(&input)
        return input
    }

    static func scenario(_ name: String, _ input: Settle_Rating_V1_RatingInput, total: Int64) -> Settle_Rating_V1_TestScenario {
        var scenario = Settle_Rating_V1_TestScenario()
        scenario.name = name
        scenario.input = input
        scenario.expectedTotalCents = total
        return scenario
    }
}
