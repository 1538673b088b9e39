@testable import SettleMetering
import SettleContracts
import SettleDomain
import XCTest

/// VEE for one agreement on known histories: period bounds, each rule, and estimation.
final class AgreementEvaluatorTests: XCTestCase {
    let may = YearMonth(year: 2024, month: 5)!

    /// 13 months of reads at 10 kWh a day on a 5-dial meter, through May 2024 (read 2024-05-07).
    func steady(perDayInMay: Int64 = 10) -> UsageBuilder {
        var builder = UsageBuilder()
        builder.meter(1, installed: "2023-01-02", installRead: 1_000)
        builder.history(1, through: may.adding(months: -1), months: 13, perDay: 10)
        let april = builder.schedule.readDate(may.adding(months: -1))
        let last = builder.reads[1]?.last?.value ?? 0
        builder.read(1, on: builder.schedule.readDate(may).description, last + perDayInMay * Int64(builder.schedule.readDate(may) - april))
        return builder
    }

    func testScheduleDates() {
        let schedule = ReadSchedule(cycle: 5)
        XCTAssertEqual(schedule.readDate(may).description, "2024-05-07")
        XCTAssertEqual(schedule.readDate(may.adding(months: -1)).description, "2024-04-05")
    }

    func testSteadyUsePasses() {
        let outcome = steady().evaluate(period: may)
        XCTAssertEqual(outcome.exceptions.map(\.type), [])
        XCTAssertEqual(outcome.consumption, 320_000, "32 days × 10 kWh")
    }

    func testAnAgreementWithoutAMeterIsAMissingRead() {
        let outcome = UsageBuilder().evaluate(period: may)
        XCTAssertEqual(outcome.exceptions.map(\.type), [.missingRead])
        XCTAssertTrue(outcome.exceptions[0].measured.contains("no electric meter was installed at premise P1"))
    }

    func testHighUseFires() {
        // Last year and the last three periods are both 10 kWh a day: each reference fires.
        let outcome = steady(perDayInMay: 21).evaluate(period: may)
        XCTAssertEqual(outcome.exceptions.map(\.type), [.highUse, .highUse])
        XCTAssertEqual(outcome.exceptions.map(\.basis), ["last_year", "average"])
        let exception = outcome.exceptions[0]
        XCTAssertTrue(exception.comparedWith.contains("the same period last year"), exception.comparedWith)
        XCTAssertTrue(exception.isBlocking)
        XCTAssertEqual(exception.measuredValue, 672_000)
    }

    func testLowUseFiresAndZeroUseIsItsOwnException() {
        XCTAssertEqual(steady(perDayInMay: 3).evaluate(period: may).exceptions.map(\.type), [.lowUse, .lowUse])
        let zero = steady(perDayInMay: 0).evaluate(period: may)
        XCTAssertEqual(zero.exceptions.map(\.type), [.zeroUse])
        XCTAssertFalse(zero.exceptions[0].isBlocking)
    }

    func testMissingReadSuggestsBothEstimates() throws {
        let builder = steady().removeRead(1, on: "2024-05-07")
        let outcome = builder.evaluate(period: may)
        XCTAssertEqual(outcome.exceptions.map(\.type), [.missingRead])
        let options = outcome.exceptions[0].estimates
        XCTAssertEqual(options.map(\.method), ["last_year", "average_daily"])
        // Both histories are 10 kWh a day: 32 days = 320 kWh = 320 register units.
        XCTAssertEqual(options.map(\.consumption), [320_000, 320_000])
        let april = try XCTUnwrap(builder.reads[1]?.last?.value)
        XCTAssertEqual(options[0].registerValue, april + 320)
        XCTAssertNil(outcome.consumption)
    }

    func testAutoEstimateWritesAnEstimatedReadAndTheNextActualTruesUp() throws {
        let builder = steady().removeRead(1, on: "2024-05-07")
        let outcome = builder.evaluate(period: may, autoEstimate: true)
        XCTAssertEqual(outcome.exceptions.map(\.status), ["estimated"])
        XCTAssertEqual(outcome.estimatedReads.map(\.kind), [.estimated])
        XCTAssertEqual(outcome.consumption, 320_000)

        // June's actual read is 100 units below what the estimate implied: the next period
        // bills the true use, and an over-estimate comes back as a negative true-up.
        var next = builder
        let estimate = try XCTUnwrap(outcome.estimatedReads.first)
        next.reads[1]?.append(estimate)
        next.reads[1]?.sort { $0.readAt < $1.readAt }
        next.read(1, on: "2024-05-07", 0)
        let high = RegisterReadRecord(meterID: 1, channel: .kwhDelivered, readAt: estimate.readAt, value: estimate.value + 50, kind: .estimated)
        let usage = RegisterUsage.segmentUsage(meter: next.segments[0].meter, from: 0, to: 1, start: high, end: RegisterReadRecord(meterID: 1, channel: .kwhDelivered, readAt: 2, value: estimate.value + 20, kind: .actual))
        XCTAssertTrue(usage.trueUp)
        XCTAssertEqual(usage.consumption, -30_000)
    }

    func testNegativeConsumptionUnlessAPlausibleRollover() {
        var builder = steady()
        let april = builder.reads[1]?.dropLast().last?.value ?? 0
        builder = builder.removeRead(1, on: "2024-05-07")
        builder.read(1, on: "2024-05-07", april - 10)
        let outcome = builder.evaluate(period: may)
        XCTAssertEqual(outcome.exceptions.map(\.type), [.negativeConsumption])
        XCTAssertTrue(outcome.exceptions[0].measured.contains("−10 register units"), outcome.exceptions[0].measured)

        // A 4-dial meter at 9,900 that reads 0,220 a month later used 320 kWh: no exception.
        var rolling = UsageBuilder()
        rolling.meter(2, dials: 4, installed: "2023-01-02", installRead: 0)
        rolling.history(2, through: may.adding(months: -1), months: 13, perDay: 10, start: 5_000, dials: 4)
        rolling = rolling.removeRead(2, on: "2024-04-05")
        rolling.read(2, on: "2024-04-05", 9_900)
        rolling.read(2, on: "2024-05-07", 220)
        let rolled = rolling.evaluate(period: may)
        XCTAssertEqual(rolled.consumption, 320_000)
        XCTAssertFalse(rolled.exceptions.contains { $0.type == .negativeConsumption })
    }

    func testPeriodTooLongAndReadOutsideWindow() {
        // No April read: the period runs from the March read, 63 days.
        let long = steady().removeRead(1, on: "2024-04-05").evaluate(period: may)
        XCTAssertTrue(long.exceptions.contains { $0.type == .periodTooLong }, "\(long.exceptions.map(\.type))")
        // May's read taken on the 13th, 6 days late.
        var late = steady().removeRead(1, on: "2024-05-07")
        late.read(1, on: "2024-05-13", 99_000 % 100_000)
        let outcome = late.evaluate(period: may)
        XCTAssertEqual(outcome.exceptions.first?.type, .readOutsideWindow)
        XCTAssertEqual(outcome.exceptions.first?.measuredValue, 6)
    }

    func testExchangeMidPeriodSumsBothMeters() throws {
        var builder = steady()
        builder = builder.removeRead(1, on: "2024-05-07")
        // Meter 1 comes out on 04-20 at april + 150; meter 2 goes in reading 7 and reads 177 on 05-07.
        let april = try XCTUnwrap(builder.reads[1]?.last?.value)
        builder.segments[0] = PremiseUsage.Segment(
            meter: builder.segments[0].meter,
            install: InstallRecord(id: 1, meterID: 1, premiseID: "P1", serviceType: .electric, installedOn: LocalDate("2023-01-02")!, removedOn: LocalDate("2024-04-20")),
            installedAt: builder.segments[0].installedAt, removedAt: builder.calendar.startOfDay(LocalDate("2024-04-20")!))
        builder.read(1, on: "2024-04-20", april + 150, kind: .removal)
        builder.meter(2, installed: "2024-04-20", installRead: 7)
        builder.read(2, on: "2024-05-07", 177)
        let outcome = builder.evaluate(period: may)
        XCTAssertEqual(outcome.exceptions.map(\.type), [])
        XCTAssertEqual(outcome.consumption, 320_000, "150 kWh on the old meter + 170 on the new")
    }

    func testMoveOutThenUseOnTheVacantPremise() {
        var builder = steady().removeRead(1, on: "2024-05-07")
        let april = builder.reads[1]?.last?.value ?? 0
        builder.read(1, on: "2024-04-25", april + 200, kind: .final)
        builder.read(1, on: "2024-05-07", april + 200 + 11)
        let agreement = Agreement(
            id: 1, accountNumber: "100001", premiseID: "P1", serviceType: .electric, rateClass: "residential",
            startDate: LocalDate("2020-01-01")!, endDate: LocalDate("2024-04-25"), status: "pending_final", cycle: 5, premiseVacant: true)
        let outcome = builder.evaluate(period: may, agreement: agreement)
        XCTAssertEqual(outcome.consumption, 200_000, "the final bill stops at the move-out read")
        XCTAssertEqual(outcome.exceptions.map(\.type), [.vacantUse])
        XCTAssertEqual(outcome.exceptions.first?.measuredValue, 11_000)
        XCTAssertFalse(outcome.exceptions.first?.isBlocking ?? true)
    }

    func testDemandInconsistentWithEnergy() {
        var builder = UsageBuilder()
        builder.meter(1, installed: "2023-01-02", channels: [.kwhDelivered, .kwDemand])
        builder.history(1, through: may, months: 13, perDay: 10)
        // 320 kWh over 32 days (768 h) needs at least 0.417 kW; a 0.4 kW reading is impossible.
        builder.read(1, on: "2024-05-07", 0, channel: .kwDemand)
        var thresholds = VEEThresholds.builtIn
        thresholds.rateClass = "residential"
        let withZero = builder.evaluate(period: may)
        XCTAssertEqual(withZero.exceptions.map(\.type), [.loadFactor])
        builder.reads[1]?.removeAll { $0.channel == .kwDemand }
        builder.read(1, on: "2024-05-07", 1_000, channel: .kwDemand)
        XCTAssertEqual(builder.evaluate(period: may).exceptions.map(\.type), [], "1 kW peak: load factor 42 %")
    }

    func testIntervalGapsSpikesDuplicatesAndMismatch() throws {
        var builder = UsageBuilder()
        builder.meter(1, installed: "2023-01-02", kind: .interval)
        builder.history(1, through: may, months: 13, perDay: 10)
        // Intervals for 2024-04-05 ... 2024-05-06 at 10 kWh a day: 96 × 104.166 Wh ≈ 10 kWh.
        var days: [Int: IntervalDay] = [:]
        let start = LocalDate("2024-04-05")!
        for offset in 0..<32 {
            let date = start.adding(days: offset)
            var day = IntervalDay(slots: builder.calendar.slots(in: date, minutes: 15), minutes: 15)
            for slot in 0..<day.slots { day.set(slot, slot < 16 ? 104 : 104 + Int64((slot + offset) % 2)) }
            days[date.dayNumber] = day
        }
        builder.intervals[1] = [.kwhDelivered: days]
        XCTAssertEqual(builder.evaluate(period: may).exceptions.map(\.type), [])

        var broken = builder
        var gapDay = try XCTUnwrap(days[start.adding(days: 3).dayNumber])
        gapDay = IntervalDay(slots: 96, minutes: 15)
        for slot in 0..<96 where slot != 30 && slot != 31 { gapDay.set(slot, 104) }
        broken.intervals[1]?[.kwhDelivered]?[start.adding(days: 3).dayNumber] = gapDay
        var spikeDay = try XCTUnwrap(days[start.adding(days: 10).dayNumber])
        spikeDay.set(40, 9_000)
        broken.intervals[1]?[.kwhDelivered]?[start.adding(days: 10).dayNumber] = spikeDay
        broken.intervals[1]?[.kwhDelivered]?[start.adding(days: 21).dayNumber] = days[start.adding(days: 20).dayNumber]
        let outcome = broken.evaluate(period: may)
        XCTAssertEqual(Set(outcome.exceptions.map(\.type)), [.intervalGap, .intervalSpike, .intervalRepeatedDay])
        XCTAssertEqual(outcome.exceptions.first { $0.type == .intervalGap }?.measuredValue, 2)

        // Auto-estimation fills the two-interval gap by interpolation; the spike now also
        // makes the interval total disagree with the register.
        let estimated = broken.evaluate(period: may, autoEstimate: true)
        XCTAssertEqual(estimated.exceptions.first { $0.type == .intervalGap }?.status, "estimated")
        XCTAssertEqual(estimated.estimatedDays.count, 1)
        XCTAssertEqual(estimated.estimatedDays.first?.data.values[30], 104)
        XCTAssertTrue(estimated.exceptions.contains { $0.type == .intervalRegisterMismatch })
    }
}
