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
        try await tariffs.activate(taxedResidentialTariff())
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
