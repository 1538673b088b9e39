@testable import SettlePrograms
import SettleContracts
import SettleDomain
import XCTest

/// Winter averaging by hand: gallons per day over the winter's days, the lesser of actual
/// use and average × days, the class default, the cap, and a leak adjustment.
final class WinterAverageTests: XCTestCase {
    let policy = WastewaterPolicyRules.defaults

    func use(_ start: String, _ end: String, gallons: Int64) throws -> WinterAverage.Use {
        WinterAverage.Use(start: try XCTUnwrap(LocalDate(start)), end: try XCTUnwrap(LocalDate(end)), gallonsThousandths: gallons * 1_000)
    }

    /// Three winter periods of 31, 30 and 33 days with 4,960, 4,500 and 5,500 gallons: 14,960
    /// gallons over 94 days = 159.149 gal/day. A 30-day period averages 14,960 × 30 / 94 =
    /// 4,774.47 → 4,774 gallons; its 6,250 gallons used are more, so 4,774 are billed.
    func testWinterAverageFromThreePeriodsOfDifferentLengthsWeighsByDays() throws {
        let uses = [
            try use("2023-11-10", "2023-12-11", gallons: 4_960),
            try use("2023-12-11", "2024-01-10", gallons: 4_500),
            try use("2024-01-10", "2024-02-12", gallons: 5_500),
            try use("2024-02-12", "2024-03-12", gallons: 9_000),  // closes in March: not winter
        ]
        let average = WinterAverage(agreement: 7, account: "100001", rateClass: "residential", year: 2024, uses: uses, adjustment: nil, policy: policy)
        XCTAssertEqual(average.summary.basis, "computed")
        XCTAssertEqual(average.summary.winterDays, 94)
        XCTAssertEqual(average.summary.winterGallonsThousandths, 14_960_000)
        XCTAssertEqual(average.summary.gallonsPerDay, "159.149")
        XCTAssertEqual(average.summary.periods.map(\.periodEnd), ["2023-12-11", "2024-01-10", "2024-02-12"])
        let bill = average.billing(agreement: 7, actualThousandths: 6_250_000, days: 30)
        XCTAssertEqual(bill.averageGallonsThousandths, 4_774_000)
        XCTAssertEqual(bill.billedGallonsThousandths, 4_774_000)
        XCTAssertEqual(bill.used, "average")
        XCTAssertTrue(bill.note.contains("Wastewater on 4,774 gallons"), bill.note)
        XCTAssertTrue(bill.note.contains("6,250.000 gallons used"), bill.note)
        // A customer who used less than the average is billed on what they used.
        let low = average.billing(agreement: 7, actualThousandths: 3_100_500, days: 30)
        XCTAssertEqual(low.billedGallonsThousandths, 3_100_500)
        XCTAssertEqual(low.used, "actual")
    }

    /// One winter period (2 needed) → the residential default, 5,000 gallons a month: a
    /// 31-day period gets 5,000 × 31 / 30 = 5,166.67 → 5,167 gallons.
    func testOneWinterPeriodGetsTheClassDefault() throws {
        let uses = [try use("2023-12-11", "2024-01-10", gallons: 3_000)]
        let average = WinterAverage(agreement: 8, account: "100002", rateClass: "residential", year: 2024, uses: uses, adjustment: nil, policy: policy)
        XCTAssertEqual(average.summary.basis, "class_default")
        XCTAssertEqual(average.summary.gallonsPerDay, "166.667")
        XCTAssertTrue(average.summary.explanation.contains("1 qualifying winter period, 2 needed"), average.summary.explanation)
        let bill = average.billing(agreement: 8, actualThousandths: 7_000_000, days: 31)
        XCTAssertEqual(bill.billedGallonsThousandths, 5_167_000)
        XCTAssertEqual(bill.used, "average")
    }

    /// A period of fewer than 20 days does not count: two periods, one of 15 days, leave one.
    func testShortWinterPeriodDoesNotCount() throws {
        let uses = [try use("2023-11-26", "2023-12-11", gallons: 1_000), try use("2023-12-11", "2024-01-10", gallons: 4_500)]
        let average = WinterAverage(agreement: 9, account: "100003", rateClass: "residential", year: 2024, uses: uses, adjustment: nil, policy: policy)
        XCTAssertEqual(average.summary.basis, "class_default")
        XCTAssertEqual(average.summary.periods.first?.whyNot, "15 days, fewer than 20")
        XCTAssertEqual(average.summary.periods.first?.counted, false)
    }

    /// The cap: residential capped at 4,000 gallons a month; an average of 4,774 gallons for
    /// 30 days and 6,250 used bill 4,000. For a 33-day period the cap is 4,400.
    func testTheClassCapLimitsTheVolume() throws {
        var capped = policy
        capped.classes = [WastewaterPolicyRules.classAverage("residential", default: 5_000, cap: 4_000)]
        let uses = [
            try use("2023-11-10", "2023-12-11", gallons: 4_960), try use("2023-12-11", "2024-01-10", gallons: 4_500),
            try use("2024-01-10", "2024-02-12", gallons: 5_500),
        ]
        let average = WinterAverage(agreement: 7, account: "100001", rateClass: "residential", year: 2024, uses: uses, adjustment: nil, policy: capped)
        let bill = average.billing(agreement: 7, actualThousandths: 6_250_000, days: 30)
        XCTAssertEqual(bill.capGallonsThousandths, 4_000_000)
        XCTAssertEqual(bill.billedGallonsThousandths, 4_000_000)
        XCTAssertEqual(bill.used, "cap")
        XCTAssertEqual(average.billing(agreement: 7, actualThousandths: 6_250_000, days: 33).billedGallonsThousandths, 4_400_000)
    }

    /// A leak in February excluded: 4,960 + 4,500 = 9,460 gallons over 61 days = 155.082
    /// gal/day; 30 days → 9,460 × 30 / 61 = 4,652.46 → 4,652 gallons.
    func testALeakAdjustmentRecomputesTheAverage() throws {
        let uses = [
            try use("2023-11-10", "2023-12-11", gallons: 4_960), try use("2023-12-11", "2024-01-10", gallons: 4_500),
            try use("2024-01-10", "2024-02-12", gallons: 25_500),
        ]
        let leak = WinterAverage.Adjustment(excludedPeriodEnds: ["2024-02-12"], setGallonsPerDayMillis: nil, reason: "leak repaired 2024-02-08")
        let average = WinterAverage(agreement: 7, account: "100001", rateClass: "residential", year: 2024, uses: uses, adjustment: leak, policy: policy)
        XCTAssertEqual(average.summary.basis, "computed")
        XCTAssertEqual(average.summary.winterDays, 61)
        XCTAssertEqual(average.summary.gallonsPerDay, "155.082")
        XCTAssertTrue(average.summary.adjusted)
        XCTAssertEqual(average.summary.periods.last?.whyNot, "excluded: leak repaired 2024-02-08")
        XCTAssertEqual(average.billing(agreement: 7, actualThousandths: 9_000_000, days: 30).billedGallonsThousandths, 4_652_000)
        // Without the adjustment the leak would raise it: 34,960 × 30 / 94 = 11,157.4 → 11,157.
        let unadjusted = WinterAverage(agreement: 7, account: "100001", rateClass: "residential", year: 2024, uses: uses, adjustment: nil, policy: policy)
        XCTAssertEqual(unadjusted.billing(agreement: 7, actualThousandths: 20_000_000, days: 30).billedGallonsThousandths, 11_157_000)
    }

    /// A year's averages apply from the first period closing after March 31.
    func testAveragesTakeEffectAfterMarch31() throws {
        XCTAssertEqual(WastewaterPolicyRules.averageYear(forPeriodEndingOn: try XCTUnwrap(LocalDate("2024-03-31")), policy: policy), 2023)
        XCTAssertEqual(WastewaterPolicyRules.averageYear(forPeriodEndingOn: try XCTUnwrap(LocalDate("2024-04-01")), policy: policy), 2024)
        XCTAssertEqual(WastewaterPolicyRules.averageYear(forPeriodEndingOn: try XCTUnwrap(LocalDate("2024-12-10")), policy: policy), 2024)
        XCTAssertTrue(WastewaterPolicyRules.isWinter(periodEndingOn: try XCTUnwrap(LocalDate("2023-12-11")), of: 2024, policy: policy))
        XCTAssertFalse(WastewaterPolicyRules.isWinter(periodEndingOn: try XCTUnwrap(LocalDate("2024-12-11")), of: 2024, policy: policy))
    }
}
