import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// `tou-compare`: an agreement's bills as billed beside the time-of-use tariff, exact cents.
final class TouCompareTests: XCTestCase {
    /// Acme's MA, billed on LC-1 for 04-10 to 05-10: $50 + 865 kWh × $0.10 + 5.2 kW × $10 =
    /// $188.50. Under LC-TOU (no customer or demand charge) its 15-minute data splits into 8
    /// weekend days off-peak, 8 × 28.8 = 230.4 kWh × $0.10 = $23.04, and 22 weekdays on-peak,
    /// 22 × 28.8 + 1.0 = 634.6 kWh × $0.20 = $126.92: $149.96, $38.54 less. Bolt's register
    /// meter ME ($60.00 on LC-1) has no interval data: compared as billed, with the reason.
    func testTouCompareRatesTheLastBillsUnderBothTariffsWithTotals() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            try await HolidayCalendarTests.timeOfUseTariff(host)
            let a = try XCTUnwrap(utility.agreements["PA"]), e = try XCTUnwrap(utility.agreements["PE"])
            try await host.runBilling(period: "2024-05", billDate: "2024-05-13")

            let acme = try await host.rating.compareTariffs(.with { $0.agreementID = a; $0.candidateCode = "LC-TOU"; $0.months = 12 })
            XCTAssertEqual(acme.bills.count, 1)
            let bill = try XCTUnwrap(acme.bills.first)
            XCTAssertEqual([bill.periodStart, bill.periodEnd, bill.currentCode], ["2024-04-10", "2024-05-10", "LC-1"])
            XCTAssertEqual(bill.problem, "")
            XCTAssertEqual(bill.currentCents, 18_850)
            XCTAssertEqual(bill.candidateCents, 14_996)
            XCTAssertEqual(bill.differenceCents, -3_854)
            XCTAssertEqual([acme.currentCents, acme.candidateCents, acme.differenceCents], [18_850, 14_996, -3_854])

            let bolt = try await host.rating.compareTariffs(.with { $0.agreementID = e; $0.candidateCode = "LC-TOU" })
            XCTAssertEqual(bolt.bills.first?.currentCents, 6_000)
            XCTAssertEqual(bolt.bills.first?.candidateCents, 6_000)
            XCTAssertEqual(bolt.bills.first?.problem, "no interval data for the period: LC-TOU prices kWh by time of use")
            XCTAssertEqual(bolt.differenceCents, 0)
            let unknown = await assertRPCError(.notFound) { try await host.rating.compareTariffs(.with { $0.agreementID = a; $0.candidateCode = "NOPE" }) }
            XCTAssertNotNil(unknown)
            let tooLong = await assertRPCError(.invalidArgument) { try await host.rating.compareTariffs(.with { $0.agreementID = a; $0.candidateCode = "LC-TOU"; $0.months = 37 }) }
            XCTAssertEqual(tooLong?.message, "months: 37 months; at most 36")
        }
    }
}
