@testable import SettleMetering
import SettleContracts
import SettleDomain
import XCTest

/// The VEE rules of issue 12 on known histories, each at and beside its boundary.
final class VEERulesAtBoundaryTests: XCTestCase {
    let may = YearMonth(year: 2024, month: 5)!

    /// A 5-dial meter read on cycle 5's dates for 13 periods before May 2024 and in May,
    /// at `rate(back)` kWh a day in the period ending `back` periods before May (0 = May).
    func history(_ rate: (Int) -> Int64) -> UsageBuilder {
        var builder = UsageBuilder()
        builder.meter(1, installed: "2023-01-02", installRead: 1_000)
        var value: Int64 = 1_000
        var previous = builder.schedule.readDate(may.adding(months: -13))
        builder.read(1, on: previous.description, value)
        for back in stride(from: 12, through: 0, by: -1) {
            let date = builder.schedule.readDate(may.adding(months: -back))
            value = (value + rate(back) * Int64(date - previous)) % 100_000
            builder.read(1, on: date.description, value)
            previous = date
        }
        return builder
    }

    func days(_ back: Int, _ builder: UsageBuilder) -> Int {
        builder.schedule.readDate(may.adding(months: -back)) - builder.schedule.readDate(may.adding(months: -back - 1))
    }

    // MARK: 1. A fall that is not a plausible rollover gives no billable consumption

    func testAnImplausibleFallHasNoConsumption() throws {
        // April closed at 1,000 + 10 kWh × the days since; May reads 10 units lower.
        var builder = history { _ in 10 }.removeRead(1, on: "2024-05-07")
        let april = try XCTUnwrap(builder.reads[1]?.last?.value)
        builder.read(1, on: "2024-05-07", april - 10)
        let refused = builder.evaluate(period: may)
        XCTAssertEqual(refused.exceptions.map(\.type), [.negativeConsumption])
        XCTAssertTrue(refused.exceptions[0].isBlocking)
        XCTAssertNil(refused.consumption, "the wrapped 99,990 kWh is not a use: nothing is billable")
        XCTAssertEqual(refused.exceptions[0].measuredValue, -10_000)

    }

    // MARK: 2. High and low use against both references, each on its own

    func testHighUseAgainstLastYearAloneAtAndBesideTheLimit() {
        // Last year 10 kWh/day; the last three periods 5 kWh/day. May at exactly 20 kWh/day is
        // 200 % of last year (passes) and 400 % of the average (fires, basis average).
        let atLimit = history { back in back == 0 ? 20 : back == 12 ? 10 : 5 }.evaluate(period: may)
        XCTAssertEqual(atLimit.exceptions.map(\.type), [.highUse])
        XCTAssertEqual(atLimit.exceptions.map(\.basis), ["average"])
        XCTAssertEqual(atLimit.consumption, 640_000)

        // One kWh more in May: last year's comparison fires too, each with its own basis.
        var beyond = history { back in back == 0 ? 20 : back == 12 ? 10 : 5 }.removeRead(1, on: "2024-05-07")
        beyond.read(1, on: "2024-05-07", (history { back in back == 0 ? 20 : back == 12 ? 10 : 5 }.reads[1]?.last?.value ?? 0) + 1)
        let both = beyond.evaluate(period: may)
        XCTAssertEqual(both.exceptions.map(\.type), [.highUse, .highUse])
        XCTAssertEqual(both.exceptions.map(\.basis), ["last_year", "average"])
        XCTAssertTrue(both.exceptions[0].comparedWith.contains("the same period last year"), both.exceptions[0].comparedWith)
        XCTAssertTrue(both.exceptions[1].comparedWith.contains("the average of the last 3 periods"), both.exceptions[1].comparedWith)
    }

    func testHighUseFiresOnLastYearWhileTheAverageIsNormal() {
        // Last year 10 kWh/day, recent 20 kWh/day, May 30 kWh/day: 300 % of last year, 150 % of the average.
        let outcome = history { back in back == 0 ? 30 : back == 12 ? 10 : 20 }.evaluate(period: may)
        XCTAssertEqual(outcome.exceptions.map(\.type), [.highUse])
        XCTAssertEqual(outcome.exceptions.map(\.basis), ["last_year"])
        XCTAssertEqual(outcome.exceptions[0].measuredValue, 960_000)
    }

    func testLowUseAgainstEachReference() {
        // Last year 10 kWh/day, recent 20 kWh/day. May at 4 kWh/day is exactly 40 % of last
        // year (passes) and 20 % of the average (fires).
        let atLimit = history { back in back == 0 ? 4 : back == 12 ? 10 : 20 }.evaluate(period: may)
        XCTAssertEqual(atLimit.exceptions.map(\.type), [.lowUse])
        XCTAssertEqual(atLimit.exceptions.map(\.basis), ["average"])
        // 3 kWh/day: 30 % of last year as well — both fire.
        let both = history { back in back == 0 ? 3 : back == 12 ? 10 : 20 }.evaluate(period: may)
        XCTAssertEqual(both.exceptions.map(\.type), [.lowUse, .lowUse])
        XCTAssertEqual(both.exceptions.map(\.basis), ["last_year", "average"])
        // Recent 8 kWh/day, last year 20: May at 7 is 87.5 % of the average (passes), 35 % of last year.
        let lastYearOnly = history { back in back == 0 ? 7 : back == 12 ? 20 : 8 }.evaluate(period: may)
        XCTAssertEqual(lastYearOnly.exceptions.map(\.basis), ["last_year"])
    }

    // MARK: 5. Zero use blocks from the N-th consecutive zero period

    func testZeroUseBlocksFromTheThirdConsecutiveZeroPeriod() throws {
        let second = history { back in back <= 1 ? 0 : 10 }.evaluate(period: may)
        XCTAssertEqual(second.exceptions.map(\.type), [.zeroUse])
        XCTAssertFalse(second.exceptions[0].isBlocking, "two zero periods in a row: informational")
        XCTAssertEqual(second.exceptions[0].measuredValue, 2)

        let third = history { back in back <= 2 ? 0 : 10 }.evaluate(period: may)
        XCTAssertEqual(third.exceptions.map(\.type), [.zeroUse])
        XCTAssertTrue(third.exceptions[0].isBlocking, "the third zero period in a row holds the bill")
        XCTAssertEqual(third.exceptions[0].measuredValue, 3)
        XCTAssertEqual(third.exceptions[0].comparedValue, 3)

        // A rate class with N = 2 blocks already at the second.
        var two = VEEThresholds.builtIn
        two.zeroUsePeriods = 2
        XCTAssertTrue(history { back in back <= 1 ? 0 : 10 }.evaluate(period: may, thresholds: two).exceptions[0].isBlocking)
        // A zero period broken by use starts counting again.
        let broken = history { back in back == 0 || back == 2 || back == 3 ? 0 : 10 }.evaluate(period: may)
        XCTAssertFalse(broken.exceptions[0].isBlocking)
        XCTAssertEqual(broken.exceptions[0].measuredValue, 1)
    }

    // MARK: 6. Interval gaps: interpolated up to short_gap_minutes, profile beyond

    func testGapOf120MinutesIsInterpolatedAnd135FromTheProfile() {
        // A 15-minute day at 100 Wh a slot, the same weekday a week before at 400 Wh a slot.
        func filled(missing: Int) -> IntervalDay {
            var day = IntervalDay(slots: 96, minutes: 15)
            for slot in 0..<96 where !(40..<(40 + missing)).contains(slot) { day.set(slot, slot < 40 ? 100 : 200) }
            var profile = IntervalDay(slots: 96, minutes: 15)
            for slot in 0..<96 { profile.set(slot, 400) }
            var builder = UsageBuilder()
            builder.meter(1, installed: "2024-01-01", kind: .interval)
            let date = LocalDate("2024-05-08")!
            builder.intervals[1] = [.kwhDelivered: [date.dayNumber: day, date.dayNumber - 7: profile]]
            var usage = builder.usage
            let gaps = (40..<(40 + missing)).map { (meterID: Int64(1), day: date.dayNumber, slot: $0) }
            let days = GapFiller.fill(&usage, gaps: gaps, shortGapMinutes: VEEThresholds.builtIn.shortGapMinutes, calendar: builder.calendar)
            return days.first?.data ?? day
        }
        // 8 intervals = 120 minutes: a straight line from 100 to 200 (100 + 100 × k / 9).
        let short = filled(missing: 8)
        XCTAssertEqual(VEEThresholds.builtIn.shortGapMinutes, 120)
        XCTAssertEqual((40..<48).map { short.values[$0] }, [111, 122, 133, 144, 156, 167, 178, 189])
        XCTAssertEqual(short.estimatedCount, 8)
        // 9 intervals = 135 minutes: each slot from the profile (400 Wh).
        let long = filled(missing: 9)
        XCTAssertEqual((40..<49).map { long.values[$0] }, [Int64](repeating: 400, count: 9))
    }

    // MARK: 7. A demand register reads kW with decimals

    func testDemandReadingsKeepThreeDecimalsAndBillReadTimesMultiplier() throws {
        XCTAssertEqual(DemandReading.parse("0.420"), 420)
        XCTAssertEqual(DemandReading.parse("12"), 12_000)
        XCTAssertEqual(DemandReading.parse("7.5"), 7_500)
        XCTAssertNil(DemandReading.parse("0.4205"), "at most 3 decimals")
        XCTAssertNil(DemandReading.parse("-1"))
        XCTAssertNil(DemandReading.parse("1."))
        XCTAssertEqual(DemandReading.format(420), "0.420")
        XCTAssertEqual(MeterChannel.kwhDelivered.parseReading("48213"), 48_213)
        XCTAssertNil(MeterChannel.kwhDelivered.parseReading("48213.5"), "energy registers stay whole")
        // 0.420 kW × 80 = 33.6 kW = 33,600 W.
        XCTAssertEqual(DemandReading.watts(readingThousandths: 420, multiplierMicros: 80_000_000), 33_600)

        var builder = UsageBuilder()
        builder.meter(1, multiplier: 80_000_000, installed: "2024-04-01", installRead: 0, channels: [.kwhDelivered, .kwDemand])
        builder.read(1, on: "2024-04-05", 100)
        builder.read(1, on: "2024-05-07", 200)
        builder.read(1, on: "2024-05-07", 420, channel: .kwDemand)
        let start = builder.calendar.startOfDay(LocalDate("2024-04-05")!)
        let end = builder.calendar.startOfDay(LocalDate("2024-05-07")!)
        let determinants = DeterminantsBuilder.build(usage: builder.usage, from: start, to: end, tou: nil, calendar: builder.calendar)
        XCTAssertEqual(determinants.maxDemandW, 33_600)
        XCTAssertEqual(determinants.deliveredWh, 8_000_000, "100 units × 80")
    }
}
