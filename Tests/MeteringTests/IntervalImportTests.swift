import GRDB
import SettleContracts
import SettleDomain
@testable import SettleMetering
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// Interval data: stored one blob per meter channel per local day, 96 slots a day of
/// 15-minute intervals, 100 on the fall-back day and 92 on spring-forward (America/Chicago).
final class IntervalImportTests: XCTestCase {
    let chicago = ZoneCalendar(timeZone: TimeZone(identifier: "America/Chicago")!)

    func testDSTDaysHaveNinetyTwoAndOneHundredSlots() throws {
        let fallBack = try XCTUnwrap(LocalDate("2024-11-03"))
        let springForward = try XCTUnwrap(LocalDate("2024-03-10"))
        XCTAssertEqual(chicago.slots(in: fallBack, minutes: 15), 100)
        XCTAssertEqual(chicago.slots(in: springForward, minutes: 15), 92)
        XCTAssertEqual(chicago.slots(in: fallBack.adding(days: 1), minutes: 15), 96)
        XCTAssertEqual(chicago.slots(in: fallBack, minutes: 60), 25)
        // Local midnight: CDT (−5) before fall-back, CST (−6) before spring-forward.
        XCTAssertEqual(Timestamps.format(chicago.startOfDay(fallBack)), "2024-11-03T05:00:00Z")
        XCTAssertEqual(Timestamps.format(chicago.startOfDay(springForward)), "2024-03-10T06:00:00Z")
        // 01:30 local happens twice on fall-back day: both instants are that date.
        XCTAssertEqual(chicago.localDate(of: chicago.startOfDay(fallBack) + 6_300), fallBack)
        XCTAssertEqual(chicago.localDate(of: chicago.startOfDay(fallBack) + 9_900), fallBack)
        XCTAssertEqual(chicago.localHour(of: chicago.startOfDay(fallBack) + 9_900), 1)
    }

    func testCodecRoundTripsGapsEstimatesAndNegatives() throws {
        var day = IntervalDay(slots: 100, minutes: 15)
        for slot in 0..<100 where slot % 7 != 3 { day.set(slot, Int64(slot * 13 - 200), estimated: slot % 11 == 0) }
        let blob = IntervalCodec.encode(day)
        XCTAssertEqual(try IntervalCodec.decode(blob), day)
        var full = IntervalDay(slots: 96, minutes: 15)
        for slot in 0..<96 { full.set(slot, 350 + Int64(slot % 5)) }
        let compact = IntervalCodec.encode(full)
        XCTAssertLessThan(compact.count, 110, "a steady day is about a byte a value")
        XCTAssertEqual(try IntervalCodec.decode(compact), full)
        XCTAssertThrowsError(try IntervalCodec.decode(Array(compact.prefix(20))))
    }

    /// Without a channel, a meter's intervals are its main channel's: a water meter's gallons.
    func testIntervalsWithoutAChannelAreTheMetersMainChannel() async throws {
        try await withMeteringHost { host in
            _ = try await host.addMeter("W100", service: "water", kind: "interval", dials: 7, channels: [.gallons], form: "")
            _ = try await host.install("W100", premise: "PW", date: "2024-01-01", reads: [.gallons: 0])
            _ = try await host.activate("W100")
            let start = host.calendar.startOfDay(LocalDate("2024-02-01")!)
            let response = try await host.client.importReads { writer in
                var message = Settle_Metering_V1_ImportReadsRequest()
                message.idempotencyKey = freshKey("water")
                var block = Settle_Metering_V1_IntervalBlock()
                block.meterSerial = "W100"
                block.channel = .gallons
                block.startUtc = start
                block.intervalMinutes = 15
                block.values = (0..<96).map { Int64(250 + $0) }
                message.intervalBlocks = [block]
                try await writer.write(message)
            }
            XCTAssertTrue(response.committed, "\(response.rejected)")

            let days = try await host.intervals("W100", from: "2024-02-01", to: "2024-02-01")
            XCTAssertEqual(days.map(\.date), ["2024-02-01"])
            XCTAssertEqual(days.first?.total, (0..<96).reduce(0) { $0 + 250 + Int64($1) })
        }
    }

    func testFallBackAndSpringForwardDaysImportOverTheWire() async throws {
        try await withMeteringHost { host in
            try await host.ready("I100", premise: "P1", installed: "2024-01-01", kind: "interval")
            let fallBackStart = host.calendar.startOfDay(LocalDate("2024-11-03")!)
            let springStart = host.calendar.startOfDay(LocalDate("2024-03-10")!)
            let response = try await host.client.importReads { writer in
                var message = Settle_Metering_V1_ImportReadsRequest()
                message.idempotencyKey = "dst"
                for (start, count) in [(fallBackStart, 100), (springStart, 92)] {
                    var block = Settle_Metering_V1_IntervalBlock()
                    block.meterSerial = "I100"
                    block.startUtc = start
                    block.intervalMinutes = 15
                    block.values = (0..<count).map { Int64(100 + $0) }
                    message.intervalBlocks.append(block)
                }
                try await writer.write(message)
            }
            XCTAssertTrue(response.committed, "\(response.rejected)")
            XCTAssertEqual(response.intervalValuesImported, 192)

            let days = try await host.intervals("I100", from: "2024-03-10", to: "2024-11-03", channel: .kwhDelivered)
            XCTAssertEqual(days.map(\.date), ["2024-03-10", "2024-11-03"])
            XCTAssertEqual(days.map(\.slots), [92, 100])
            XCTAssertEqual(days[1].values.last, 199)
            XCTAssertEqual(days[1].total, (0..<100).reduce(0) { $0 + 100 + Int64($1) })
            XCTAssertFalse(days[0].missing.contains(true))

            // A 101st interval on the fall-back day belongs to the next day, and its
            // duplicate in the same import is rejected with both lines named.
            let count = try await host.store().read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM interval_day") }
            XCTAssertEqual(count, 2, "one row per meter channel day, not one per interval")
        }
    }

    func testIntervalCSVWithGapsDuplicatesAndBadRows() async throws {
        try await withMeteringHost { host in
            try await host.ready("I200", premise: "P2", installed: "2024-06-01", kind: "interval")
            try await host.ready("E200", premise: "P3", installed: "2024-06-01")
            let csv = """
                meter,start,value,flag
                I200,2024-07-01T05:00:00Z,0.412,A
                I200,2024-07-01T05:15:00Z,0.398,E
                I200,2024-07-01T05:15:00Z,0.5,A
                I200,2024-07-01T00:30:00-05:00,1.2345,A
                I200,2024-07-01T05:40:00Z,0.3,A
                I200,2024-07-01 05:45,0.3,A
                E200,2024-07-01T05:00:00Z,0.3,A
                I200,2024-05-01T05:00:00Z,0.3,A
                I200,2024-07-01T06:00:00Z,-0.1,A
                I200,2024-07-01T06:15:00Z,0.250,A

                """
            let rejected = try await host.importFile(csv, format: .intervalCsv)
            XCTAssertFalse(rejected.committed)
            XCTAssertEqual(rejected.rejected.map(\.line), [4, 5, 6, 7, 8, 9, 10])
            XCTAssertTrue(rejected.rejected[0].reason.contains("line 3"))
            XCTAssertTrue(rejected.rejected[1].reason.contains("3 decimals"))
            XCTAssertTrue(rejected.rejected[2].reason.contains("boundary"))
            XCTAssertTrue(rejected.rejected[3].reason.contains("Z or ±HH:MM"))
            XCTAssertTrue(rejected.rejected[4].reason.contains("register meter"))
            XCTAssertTrue(rejected.rejected[5].reason.contains("install period"))
            XCTAssertTrue(rejected.rejected[6].reason.contains("negative"))

            let accepted = try await host.importFile(csv, format: .intervalCsv, acceptValidRows: true)
            XCTAssertTrue(accepted.committed)
            XCTAssertEqual(accepted.intervalValuesImported, 3)
            let fetched = try await host.intervals("I200", from: "2024-07-01", to: "2024-07-01")
            let day = try XCTUnwrap(fetched.first)
            XCTAssertEqual(day.slots, 96)
            XCTAssertEqual(day.values[0], 412)
            XCTAssertEqual(day.values[1], 398)
            XCTAssertTrue(day.estimated[1])
            XCTAssertEqual(day.values[5], 250)
            XCTAssertEqual(day.missing.filter { $0 }.count, 93)

            // Merging into the stored day: new slots are added, stored ones are duplicates.
            let more = "meter,start,value\nI200,2024-07-01T05:30:00Z,0.111\nI200,2024-07-01T05:00:00Z,0.412\n"
            let merged = try await host.importFile(more, format: .intervalCsv, acceptValidRows: true)
            XCTAssertEqual(merged.intervalValuesImported, 1)
            XCTAssertEqual(merged.rejected.map(\.line), [3])
            XCTAssertTrue(merged.rejected[0].reason.contains("already has the interval"))
        }
    }
}
