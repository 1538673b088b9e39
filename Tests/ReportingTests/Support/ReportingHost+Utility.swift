import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

/// One-call helpers to build a small utility through the contracts: a taxed residential
/// tariff, customers moved in with meters on cycle 5, reads, VEE and billing runs.
extension ReportingHost {
    /// RES-1: customer charge 10.00 a month (prorated by days / 30) + 0.10 / kWh, and 5 %
    /// sales tax on both; active from 2020.
    func residentialTariff() async throws {
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
        try await tariffs.activate(version)
    }

    /// Cycle 5's April and May: VEE then billing, April's bills dated 2024-04-08 and May's
    /// 2024-05-08.
    func billAprilAndMay() async throws {
        for (period, billDate) in [("2024-04", "2024-04-08"), ("2024-05", "2024-05-08")] {
            try await runVee(period)
            try await runBilling(period, billDate: billDate)
        }
    }

    /// The register's pages, in order.
    func register(cycle: UInt32, period: String, pageSize: UInt32 = 0) async throws -> [Settle_Reporting_V1_BillingRegisterPage] {
        var request = Settle_Reporting_V1_GetBillingRegisterRequest()
        request.cycle = cycle
        request.period = period
        request.pageSize = pageSize
        var pages: [Settle_Reporting_V1_BillingRegisterPage] = []
        for try await page in try await reporting.getBillingRegister(request) { pages.append(page) }
        return pages
    }
}

/// Rating's bill id of an agreement's cycle-5 bill for a period.
func billID(_ period: String, _ agreement: UInt64) -> String { "B-\(period)-C05-\(String(format: "%07d", agreement))" }
