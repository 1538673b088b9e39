@testable import SettleMetering
import XCTest

/// Estimation methods on known histories.
final class EstimationTests: XCTestCase {
    func testSamePeriodLastYearScaledByDays() {
        // 930 kWh over 31 days last year → 30 days this year: 900 kWh.
        XCTAssertEqual(Estimator.lastYear(.init(consumption: 930_000, days: 31), days: 30), 900_000)
        // Rounded half up: 100 Wh over 3 days → 2 days = 66.67 → 67.
        XCTAssertEqual(Estimator.lastYear(.init(consumption: 100, days: 3), days: 2), 67)
        XCTAssertNil(Estimator.lastYear(nil, days: 30))
    }

    func testRecentAverageDailyTimesDays() {
        let recent: [Estimator.Period] = [.init(consumption: 300_000, days: 30), .init(consumption: 310_000, days: 31), .init(consumption: 290_000, days: 29)]
        // 900 kWh over 90 days = 10 kWh/day × 33 days.
        XCTAssertEqual(Estimator.averageDaily(recent, days: 33), 330_000)
        XCTAssertNil(Estimator.averageDaily([], days: 30))
    }

    func testShortGapsAreInterpolated() {
        var day = IntervalDay(slots: 96, minutes: 15)
        for slot in 0..<96 where !(10...12).contains(slot) { day.set(slot, 100) }
        day.set(9, 100)
        day.set(13, 500)
        XCTAssertEqual(Estimator.fillGaps(&day, profile: [], shortGap: 4), 3)
        XCTAssertEqual(Array(day.values[9...13]), [100, 200, 300, 400, 500])
        XCTAssertTrue(day.estimated[11])
        XCTAssertFalse(day.estimated[9])
        XCTAssertEqual(day.missingCount, 0)
    }

    func testLongGapsComeFromTheProfile() {
        var profileA = IntervalDay(slots: 96, minutes: 15)
        var profileB = IntervalDay(slots: 96, minutes: 15)
        for slot in 0..<96 {
            profileA.set(slot, 200)
            profileB.set(slot, 301)
        }
        var day = IntervalDay(slots: 96, minutes: 15)
        for slot in 0..<96 where !(20..<30).contains(slot) { day.set(slot, 100) }
        XCTAssertEqual(Estimator.fillGaps(&day, profile: [profileA, profileB], shortGap: 4), 10)
        XCTAssertEqual(day.values[20], 251, "(200 + 301) / 2 rounded half up")
        XCTAssertEqual(day.estimatedCount, 10)
        // No profile: the day's own mean.
        var lonely = IntervalDay(slots: 96, minutes: 15)
        for slot in 0..<48 { lonely.set(slot, 120) }
        Estimator.fillGaps(&lonely, profile: [], shortGap: 4)
        XCTAssertEqual(lonely.values[95], 120)
        XCTAssertEqual(lonely.missingCount, 0)
    }

    func testGapAtTheStartOfTheDayUsesTheProfileNotInterpolation() {
        var profile = IntervalDay(slots: 96, minutes: 15)
        for slot in 0..<96 { profile.set(slot, 80) }
        var day = IntervalDay(slots: 96, minutes: 15)
        for slot in 2..<96 { day.set(slot, 400) }
        Estimator.fillGaps(&day, profile: [profile], shortGap: 4)
        XCTAssertEqual(Array(day.values[0...1]), [80, 80])
    }
}
