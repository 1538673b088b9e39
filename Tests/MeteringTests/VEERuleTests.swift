@testable import SettleMetering
import SettleDomain
import XCTest

/// Each rule exactly at its threshold (passes) and one unit beyond (fires).
final class VEERuleTests: XCTestCase {
    let limits = VEEThresholds.builtIn

    func testHighAndLowUseAgainstHistory() {
        // History 300 kWh in 30 days = 10 kWh/day; limits 200 % and 40 %.
        XCTAssertNil(VEERules.usageVersusHistory(current: 600_000, days: 30, history: 300_000, historyDays: 30, thresholds: limits))
        XCTAssertEqual(VEERules.usageVersusHistory(current: 600_001, days: 30, history: 300_000, historyDays: 30, thresholds: limits), .highUse)
        XCTAssertNil(VEERules.usageVersusHistory(current: 120_000, days: 30, history: 300_000, historyDays: 30, thresholds: limits))
        XCTAssertEqual(VEERules.usageVersusHistory(current: 119_999, days: 30, history: 300_000, historyDays: 30, thresholds: limits), .lowUse)
        // Compared per day: 33 days at 20 kWh/day is exactly 200 % of 10 kWh/day.
        XCTAssertNil(VEERules.usageVersusHistory(current: 660_000, days: 33, history: 300_000, historyDays: 30, thresholds: limits))
        // Too little history to judge.
        XCTAssertNil(VEERules.usageVersusHistory(current: 5_000_000, days: 30, history: 49_999, historyDays: 30, thresholds: limits))
        // A rate class with its own limit.
        var commercial = limits
        commercial.highUsePercent = 150
        XCTAssertEqual(VEERules.usageVersusHistory(current: 450_001, days: 30, history: 300_000, historyDays: 30, thresholds: commercial), .highUse)
    }

    func testPeriodLength() {
        XCTAssertNil(VEERules.periodLength(days: 25, thresholds: limits))
        XCTAssertEqual(VEERules.periodLength(days: 24, thresholds: limits), .periodTooShort)
        XCTAssertNil(VEERules.periodLength(days: 35, thresholds: limits))
        XCTAssertEqual(VEERules.periodLength(days: 36, thresholds: limits), .periodTooLong)
    }

    func testLoadFactor() {
        // 10 kW for 720 hours is 7,200 kWh: load factor exactly 100 %.
        let seconds: Int64 = 720 * 3_600
        XCTAssertFalse(VEERules.loadFactorExceeded(energyWh: 7_200_000, demandW: 10_000, seconds: seconds, thresholds: limits))
        XCTAssertTrue(VEERules.loadFactorExceeded(energyWh: 7_200_001, demandW: 10_000, seconds: seconds, thresholds: limits))
        XCTAssertTrue(VEERules.loadFactorExceeded(energyWh: 1, demandW: 0, seconds: seconds, thresholds: limits))
        XCTAssertFalse(VEERules.loadFactorExceeded(energyWh: 0, demandW: 0, seconds: seconds, thresholds: limits))
        XCTAssertEqual(VEERules.loadFactorPercent(energyWh: 3_600_000, demandW: 10_000, seconds: seconds), 50)
    }

    func testIntervalTotalAgainstRegister() {
        XCTAssertFalse(VEERules.intervalRegisterMismatch(intervalTotal: 1_020_000, registerTotal: 1_000_000, thresholds: limits))
        XCTAssertFalse(VEERules.intervalRegisterMismatch(intervalTotal: 980_000, registerTotal: 1_000_000, thresholds: limits))
        XCTAssertTrue(VEERules.intervalRegisterMismatch(intervalTotal: 1_020_001, registerTotal: 1_000_000, thresholds: limits))
        XCTAssertTrue(VEERules.intervalRegisterMismatch(intervalTotal: 979_999, registerTotal: 1_000_000, thresholds: limits))
    }

    func testSpikes() {
        var day = IntervalDay(slots: 96, minutes: 15)
        for slot in 0..<96 { day.set(slot, 500) }
        day.set(40, 5_000)
        XCTAssertEqual(VEERules.spikes(in: day, thresholds: limits), [], "10 × the median is the limit, not beyond it")
        day.set(40, 5_001)
        XCTAssertEqual(VEERules.spikes(in: day, thresholds: limits), [40])
        // Tiny loads never spike: 10 Wh × 10 = 100 Wh is below the 2 kWh floor.
        var small = IntervalDay(slots: 96, minutes: 15)
        for slot in 0..<96 { small.set(slot, 10) }
        small.set(3, 1_999)
        XCTAssertEqual(VEERules.spikes(in: small, thresholds: limits), [])
    }

    func testDuplicateDays() {
        var monday = IntervalDay(slots: 96, minutes: 15)
        for slot in 0..<96 { monday.set(slot, Int64(300 + slot)) }
        var tuesday = monday
        XCTAssertTrue(VEERules.duplicatesPreviousDay(tuesday, previous: monday))
        tuesday.set(50, 1)
        XCTAssertFalse(VEERules.duplicatesPreviousDay(tuesday, previous: monday))
        XCTAssertFalse(VEERules.duplicatesPreviousDay(IntervalDay(slots: 96, minutes: 15), previous: IntervalDay(slots: 96, minutes: 15)), "empty days are gaps, not duplicates")
    }

    func testRolloverPlausibility() {
        // Half of a 4-dial register is the limit.
        XCTAssertTrue(VEERules.plausibleRollover(wrappedConsumption: 4_999_000, wrappedUnits: 4_999, dials: 4, expected: nil, thresholds: limits))
        XCTAssertFalse(VEERules.plausibleRollover(wrappedConsumption: 5_000_000, wrappedUnits: 5_000, dials: 4, expected: nil, thresholds: limits))
        // With history: up to 300 % of the expected use.
        XCTAssertTrue(VEERules.plausibleRollover(wrappedConsumption: 900_000, wrappedUnits: 900, dials: 5, expected: 300_000, thresholds: limits))
        XCTAssertFalse(VEERules.plausibleRollover(wrappedConsumption: 900_001, wrappedUnits: 901, dials: 5, expected: 300_000, thresholds: limits))
    }

    func testReadWindowAndVacantUse() throws {
        let scheduled = try XCTUnwrap(LocalDate("2024-05-07"))
        XCTAssertFalse(VEERules.outsideWindow(readDate: scheduled.adding(days: 3), scheduled: scheduled, thresholds: limits))
        XCTAssertTrue(VEERules.outsideWindow(readDate: scheduled.adding(days: -4), scheduled: scheduled, thresholds: limits))
        XCTAssertFalse(VEERules.vacantUse(consumption: 10_000, thresholds: limits))
        XCTAssertTrue(VEERules.vacantUse(consumption: 10_001, thresholds: limits))
    }
}
