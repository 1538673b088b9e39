public import SettleContracts

/// RES-1 as the Reporting and Refunds tests bill on it: a customer charge of 10.00 a month
/// (prorated by days / 30) + 0.10 / kWh, and 5 % sales tax (tax type "sales-tax") on both, in
/// force from 2020. Its one scenario, 500 kWh over January 2024, comes to 63.00.
///
/// Both targets work their expected cents by hand from these rates, so one place keeps them;
/// activate it with `TariffSetup.activate`.
public func taxedResidentialTariff() -> Settle_Rating_V1_TariffVersion {
    var version = Settle_Rating_V1_TariffVersion()
    version.code = "RES-1"
    version.effectiveFrom = "2020-01-01"
    version.customerCharge.amount = "10"
    version.customerCharge.per = "month"
    var tier = Settle_Rating_V1_Tier()
    tier.rate = "0.10"
    var period = Settle_Rating_V1_RatePeriod()
    period.name = "all"
    period.tiers = [tier]
    version.energy.periods = [period]
    var tax = Settle_Rating_V1_Tax()
    tax.name = "Sales tax"
    tax.taxType = "sales-tax"
    tax.percent = "5"
    version.taxes = [tax]
    var scenario = Settle_Rating_V1_TestScenario()
    scenario.name = "500 kWh in 30 days"
    scenario.input.periodStart = "2024-01-01"
    scenario.input.periodEnd = "2024-01-31"
    scenario.input.deliveredWh = 500_000
    scenario.expectedTotalCents = 6_300
    version.scenarios = [scenario]
    return version
}
