@testable import SettleMetering
import SettleContracts
import SettleDomain
import SettleRPC
import SettleTestSupport
import XCTest

/// The VEE rules of issue 12 through the contract: what a refused rollover leaves to bill,
/// vacant premises in every period, duplicate intervals against repeated days, kW readings
/// with decimals, and the new thresholds.
final class VEERulesServiceTests: XCTestCase {
    let schedule = ReadSchedule(cycle: 5)

    func date(_ period: String) -> String { schedule.readDate(YearMonth(period)!).description }

    func importReads(_ host: MeteringHost, _ csv: String) async throws {
        let imported = try await host.importFile(csv, format: .registerCsv, chunkSize: 4_096)
        XCTAssertTrue(imported.committed, "\(imported.rejected)")
    }

    func testARefusedRolloverBillsNothingUntilAPersonAcceptsTheRead() async throws {
        try await withMeteringHost { host in
            try await host.ready("E1", premise: "P1", installed: "2024-01-02", installRead: 50_000)
            host.book.add(account: "100001", premise: "P1", start: "2024-01-02", cycle: 5)
            // 10 kWh a day to April, then May reads 40 units below April: as a rollover that is 99,960 kWh.
            try await importReads(host, """
                meter,read_at,value
                E1,\(date("2024-03")),50620
                E1,\(date("2024-04")),50930
                E1,\(date("2024-05")),50890
                """)
            _ = try await host.runVee("2024-04")
            let summary = try await host.runVee("2024-05")
            XCTAssertEqual(summary.byType, ["negative_consumption": 1])
            XCTAssertEqual(summary.held, 1)
            var may = try await host.determinants("2024-05")
            XCTAssertEqual(may.count, 1)
            XCTAssertEqual(may[0].deliveredWh, 0, "no billable consumption from a refused rollover")
            XCTAssertTrue(may[0].held)
            XCTAssertTrue(may[0].problem.contains("VEE refused the fall as a rollover"), may[0].problem)
            XCTAssertEqual(may[0].segments.first?.consumption, 99_960_000, "the wrapped value is shown, not billed")

            // The same period asked item by item (a rebill or a release check) is refused too.
            var item = Settle_Metering_V1_DeterminantsItem()
            item.agreementID = may[0].agreementID
            item.premiseID = "P1"
            item.serviceType = "electric"
            item.fromDate = date("2024-04")
            item.toDate = date("2024-05")
            var itemsRequest = Settle_Metering_V1_GetBillingDeterminantsRequest()
            itemsRequest.items = [item]
            let asked = try await host.client.getBillingDeterminants(itemsRequest).collect().flatMap(\.determinants)
            XCTAssertEqual(asked.first?.deliveredWh, 0)
            XCTAssertFalse(asked.first?.problem.isEmpty ?? true)

            // A person accepts it as a real rollover (the meter did wrap): now it is billable.
            let mayExceptions = try await host.veeExceptions("2024-05")
            let refused = try XCTUnwrap(mayExceptions.first { $0.type == "negative_consumption" })
            try await host.resolveException(refused.id, "accept", reason: "meter replaced by a new dial set on site; the wrap is real")
            may = try await host.determinants("2024-05")
            XCTAssertEqual(may[0].deliveredWh, 99_960_000)
            XCTAssertEqual(may[0].problem, "")
            XCTAssertFalse(may[0].held)
        }
    }

    func testAVacantPremiseIsCheckedEveryPeriodAndAMovedOutAgreementDoesNotComeBack() async throws {
        try await withMeteringHost { host in
            try await host.ready("E1", premise: "P1", installed: "2024-01-02", installRead: 1_000)
            // Moved out on April's read date; the final read closes April's period.
            host.book.add(account: "100001", premise: "P1", start: "2024-01-02", end: date("2024-04"), status: "pending_final", cycle: 5, vacant: true)
            try await importReads(host, """
                meter,read_at,value,kind
                E1,\(date("2024-03")),1600,actual
                E1,\(date("2024-04")),1900,final
                E1,\(date("2024-05")),1911,actual
                E1,\(date("2024-06")),1921,actual
                """)
            let april = try await host.runVee("2024-04")
            XCTAssertEqual(april.agreements, 1)
            let aprilDeterminants = try await host.determinants("2024-04")
            XCTAssertEqual(aprilDeterminants.first?.deliveredWh, 300_000)

            // May: the agreement's service ended with April's period. It is not evaluated again
            // (no zero-length period, no missing_read); the premise, vacant all May, used 11 kWh.
            let may = try await host.runVee("2024-05")
            XCTAssertEqual(may.agreements, 0)
            XCTAssertEqual(may.byType, ["vacant_use": 1])
            let found = try await host.veeExceptions("2024-05")
            XCTAssertEqual(found.map(\.type), ["vacant_use"])
            XCTAssertEqual(found.first?.measuredValue, 11_000)
            XCTAssertEqual(found.first?.comparedValue, 10_000)
            XCTAssertEqual(found.first?.accountNumber, "100001", "owned by the premise's last agreement")
            XCTAssertEqual(found.first?.blocking, false)
            XCTAssertTrue(found.first?.measured.contains("had no agreement in service") ?? false)
            await assertRPCError(.failedPrecondition) { try await host.determinants("2024-05") }

            // June: exactly 10 kWh on the vacant premise is the limit, not beyond it.
            let june = try await host.runVee("2024-06")
            XCTAssertEqual(june.agreements, 0)
            XCTAssertEqual(june.exceptions, 0)
            let juneExceptions = try await host.veeExceptions("2024-06")
            XCTAssertEqual(juneExceptions, [])
        }
    }

    func testDuplicateIntervalsAreRefusedAtImportAndARepeatedDayIsItsOwnRule() async throws {
        try await withMeteringHost { host in
            try await host.ready("I1", premise: "P1", installed: "2024-06-01", kind: "interval")
            let rejected = try await host.importFile("""
                meter,start,value
                I1,2024-07-01T05:00:00Z,0.412
                I1,2024-07-01T05:15:00Z,0.398
                I1,2024-07-01T05:00:00Z,0.500
                """, format: .intervalCsv)
            XCTAssertFalse(rejected.committed)
            XCTAssertEqual(rejected.rejected.map(\.line), [4])
            let reason = rejected.rejected.first?.reason ?? ""
            XCTAssertTrue(reason.hasPrefix("interval_duplicate: "), reason)
            XCTAssertTrue(reason.contains("on line 4") && reason.contains("already given on line 2"), reason)
        }
        XCTAssertEqual(ExceptionType.intervalRepeatedDay.rawValue, "interval_repeated_day")
        XCTAssertNil(ExceptionType(rawValue: "interval_duplicate"), "a repeated day is not called a duplicate interval")
        XCTAssertFalse(ExceptionType.intervalRepeatedDay.blocking)
    }

    func testDemandRegisterReadsTakeThreeDecimalsAndEnergyStaysWhole() async throws {
        try await withMeteringHost { host in
            try await host.ready("D1", premise: "P1", installed: "2024-04-01", ct: "80", form: "9S", amps: 400, channels: [.kwhDelivered, .kwDemand])
            let refused = try await host.importFile("""
                meter,channel,read_at,value
                D1,kwh_delivered,2024-05-07,120.5
                D1,kw_demand,2024-05-07,0.4205
                """, format: .registerCsv, acceptValidRows: true)
            XCTAssertEqual(refused.rejected.map(\.line), [2, 3])
            XCTAssertTrue(refused.rejected[0].reason.contains("not a whole register reading"), refused.rejected[0].reason)
            XCTAssertTrue(refused.rejected[1].reason.contains("at most 3 decimals"), refused.rejected[1].reason)

            try await importReads(host, """
                meter,channel,read_at,value
                D1,kwh_delivered,2024-05-07,120
                D1,kw_demand,2024-05-07,0.420
                """)
            let demand = try await host.reads("D1", channel: .kwDemand)
            XCTAssertEqual(demand.map(\.valueDecimal), ["0.420"])
            XCTAssertEqual(demand.map(\.value), [0], "value keeps its meaning: the whole kW")
            let energy = try await host.reads("D1", channel: .kwhDelivered)
            XCTAssertEqual(energy.last?.valueDecimal, "120")

            let determinants = try await host.consumption(premise: "P1", from: "2024-04-01", to: "2024-05-07")
            XCTAssertEqual(determinants.maxDemandW, 33_600, "0.420 kW × 80 = 33.6 kW")
            XCTAssertEqual(determinants.deliveredWh, 9_600_000, "120 units × 80 = 9,600 kWh")

            // Typed rows: value_decimal for demand, and a whole `value` still means whole kW.
            var typed = Settle_Metering_V1_RegisterRead()
            typed.meterSerial = "D1"
            typed.channel = .kwDemand
            typed.readAtUtc = host.calendar.startOfDay(LocalDate("2024-06-06")!)
            typed.valueDecimal = "1.25"
            var whole = typed
            whole.readAtUtc = host.calendar.startOfDay(LocalDate("2024-07-05")!)
            whole.valueDecimal = ""
            whole.value = 2
            let rows = [typed, whole]
            let response = try await host.client.importReads { writer in
                var message = Settle_Metering_V1_ImportReadsRequest()
                message.idempotencyKey = freshKey("typed")
                message.registerReads = rows
                try await writer.write(message)
            }
            XCTAssertTrue(response.committed, "\(response.rejected)")
            let demandReads = try await host.reads("D1", channel: .kwDemand)
            XCTAssertEqual(demandReads.map(\.valueDecimal), ["0.420", "1.250", "2.000"])
        }
    }

    func testNewThresholdsAreSetAndShown() async throws {
        try await withMeteringHost { host in
            let defaults = try await host.client.getVeeThresholds(Settle_Metering_V1_GetVeeThresholdsRequest())
            XCTAssertEqual(defaults.zeroUsePeriods, 3)
            XCTAssertEqual(defaults.shortGapMinutes, 120)
            XCTAssertEqual(defaults.shortGapIntervals, 8)
            var request = Settle_Metering_V1_SetVeeThresholdsRequest()
            request.idempotencyKey = freshKey("thresholds")
            request.thresholds.rateClass = "commercial"
            request.thresholds.zeroUsePeriods = 2
            request.thresholds.shortGapMinutes = 90
            let saved = try await host.client.setVeeThresholds(request)
            XCTAssertEqual(saved.zeroUsePeriods, 2)
            XCTAssertEqual(saved.shortGapMinutes, 90)
            XCTAssertEqual(saved.highUsePercent, 200, "unset fields keep the default")
            var legacy = request
            legacy.idempotencyKey = freshKey("legacy")
            legacy.thresholds.shortGapMinutes = 0
            legacy.thresholds.shortGapIntervals = 6
            let legacySaved = try await host.client.setVeeThresholds(legacy)
            XCTAssertEqual(legacySaved.shortGapMinutes, 90, "the older interval count means 15-minute intervals")
            var tooLong = request
            tooLong.idempotencyKey = freshKey("long")
            tooLong.thresholds.shortGapMinutes = 1_441
            await assertRPCError(.invalidArgument) { try await host.client.setVeeThresholds(tooLong) }

            var schedule = Settle_Metering_V1_SetReadScheduleRequest()
            schedule.idempotencyKey = freshKey("schedule")
            schedule.cycle = 5
            schedule.period = "2024-06"
            schedule.readDate = "2024-06-10"
            _ = try await host.client.setReadSchedule(schedule)
            var show = Settle_Metering_V1_GetReadScheduleRequest()
            show.cycle = 5
            show.fromPeriod = "2024-05"
            show.months = 2
            let entries = try await host.client.getReadSchedule(show).entries
            XCTAssertEqual(entries.map(\.period), ["2024-05", "2024-06"])
            XCTAssertEqual(entries.map(\.readDate), ["2024-05-07", "2024-06-10"])
            XCTAssertEqual(entries.map(\.set), [false, true])
        }
    }
}
