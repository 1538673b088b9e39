import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import XCTest
@testable import SettleMetering

/// A billing run loads a batch's premises together (`PremiseUsage.loadMany`); each premise
/// must come out exactly as loading it alone (`PremiseUsage.load`) gives it.
final class PremiseUsageBatchTests: XCTestCase {
    let calendar = ZoneCalendar(timeZone: TimeZone(identifier: "America/Chicago") ?? .current)

    func testBatchLoadEqualsLoadingEachPremiseAlone() async throws {
        let store = try ModuleStore(module: "metering", migrations: MeteringMigrations.all)
        let calendar = calendar
        let windows: [PremiseUsage.Window] = try await store.write { db in
            var windows: [PremiseUsage.Window] = []
            func day(_ text: String) -> LocalDate { LocalDate(text) ?? LocalDate(dayNumber: 0) }
            func meter(_ id: Int64, service: String = "electric", kind: String = "register") throws {
                try db.execute(sql: """
                    INSERT INTO meter (id, serial, service_type, kind, dials, ct_ratio_micros, pt_ratio_micros, register_constant_micros,
                                       multiplier_micros, channels, tou_capable, form, service_amps, size, interval_minutes, status, created_at)
                    VALUES (?, ?, ?, ?, 5, 1000000, 1000000, 1000000, 1000000, 7, 0, '2S', 200, '', 0, 'active', '2024-01-01T00:00:00Z')
                    """, arguments: [id, "M\(id)", service, kind])
            }
            func install(_ id: Int64, meter: Int64, premise: String, service: String = "electric", on: String, removed: String? = nil) throws {
                try db.execute(sql: "INSERT INTO meter_install (id, meter_id, premise_id, service_type, installed_on, removed_on) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [id, meter, premise, service, day(on).dayNumber, removed.map { day($0).dayNumber }])
            }
            func read(_ meter: Int64, on date: String, _ value: Int64, channel: Int = 1) throws {
                try db.execute(sql: "INSERT INTO register_read (meter_id, channel, read_at, value, kind) VALUES (?, ?, ?, ?, 1)",
                               arguments: [meter, channel, calendar.startOfDay(day(date)), value])
            }
            // 1,200 premises (more than one query's chunk), each with a meter read monthly on
            // two channels, some before and after the window.
            for index in 1...1_200 {
                let premise = "P\(100_000 + index)"
                let id = Int64(index)
                try meter(id)
                try install(id, meter: id, premise: premise, on: "2023-01-0\(1 + index % 5)")
                for (month, value) in [("2024-03-15", 100), ("2024-04-15", 400), ("2024-05-15", 800), ("2024-06-15", 1_200)] {
                    try read(id, on: month, Int64(value + index))
                    try read(id, on: month, Int64(index % 7), channel: 2)
                }
                windows.append(PremiseUsage.Window(premiseID: premise, serviceType: .electric, from: day("2024-04-15"), to: day("2024-05-15")))
            }
            // A meter exchanged mid-window: both segments, install order, each meter's reads.
            try meter(5_001)
            try meter(5_002)
            try install(5_001, meter: 5_001, premise: "PX", on: "2022-01-01", removed: "2024-04-30")
            try install(5_002, meter: 5_002, premise: "PX", on: "2024-04-30")
            try read(5_001, on: "2024-04-15", 10)
            try read(5_001, on: "2024-04-30", 90)
            try read(5_002, on: "2024-04-30", 0)
            try read(5_002, on: "2024-05-15", 50)
            // A meter removed before the window: not a segment.
            try meter(5_003)
            try install(5_003, meter: 5_003, premise: "PY", on: "2020-01-01", removed: "2024-01-01")
            // Water metered for wastewater; a premise with no meter; solid waste (never metered).
            try meter(5_004, service: "water")
            try install(5_004, meter: 5_004, premise: "PW", service: "water", on: "2021-06-01")
            try read(5_004, on: "2024-04-15", 1_000)
            try read(5_004, on: "2024-05-15", 4_000)
            windows += [
                PremiseUsage.Window(premiseID: "PX", serviceType: .electric, from: day("2024-04-15"), to: day("2024-05-15")),
                PremiseUsage.Window(premiseID: "PY", serviceType: .electric, from: day("2024-04-15"), to: day("2024-05-15")),
                PremiseUsage.Window(premiseID: "PW", serviceType: .wastewater, from: day("2024-04-15"), to: day("2024-05-15")),
                PremiseUsage.Window(premiseID: "PW", serviceType: .water, from: day("2024-04-15"), to: day("2024-05-15")),
                PremiseUsage.Window(premiseID: "PW", serviceType: .electric, from: day("2024-04-15"), to: day("2024-05-15")),
                PremiseUsage.Window(premiseID: "PW", serviceType: .solidWaste, from: day("2024-04-15"), to: day("2024-05-15")),
                PremiseUsage.Window(premiseID: "P-NONE", serviceType: .electric, from: day("2024-04-15"), to: day("2024-05-15")),
                // The same premise over a different, wider window in the same batch.
                PremiseUsage.Window(premiseID: "P100001", serviceType: .electric, from: day("2024-03-15"), to: day("2024-06-15")),
            ]
            return windows
        }

        let (batch, alone) = try await store.read { db in
            (try PremiseUsage.loadMany(windows, in: db, calendar: calendar),
             try windows.map { window in
                 try PremiseUsage.load(premiseID: window.premiseID, serviceType: window.serviceType, from: window.from, to: window.to,
                                       intervalsFrom: window.from, intervalsTo: window.to, in: db, calendar: calendar)
             })
        }
        XCTAssertEqual(batch.count, windows.count)
        for (index, (loaded, expected)) in zip(batch, alone).enumerated() {
            let name = "\(windows[index].premiseID) \(windows[index].serviceType)"
            XCTAssertEqual(loaded.premiseID, expected.premiseID, name)
            XCTAssertEqual(loaded.segments.map(\.install), expected.segments.map(\.install), name)
            XCTAssertEqual(loaded.segments.map(\.meter), expected.segments.map(\.meter), name)
            XCTAssertEqual(loaded.segments.map(\.installedAt), expected.segments.map(\.installedAt), name)
            XCTAssertEqual(loaded.segments.map(\.removedAt), expected.segments.map(\.removedAt), name)
            XCTAssertEqual(loaded.reads, expected.reads, name)
        }
        // The cases above are what they claim to be.
        let byName = Dictionary(zip(windows.indices.map { "\(windows[$0].premiseID) \(windows[$0].serviceType)" }, batch), uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(byName["PX electric"]?.segments.map(\.meter.id), [5_001, 5_002])
        XCTAssertEqual(byName["PX electric"]?.reads[5_001]?.map(\.value), [10, 90])
        XCTAssertEqual(byName["PY electric"]?.segments.count, 0)
        XCTAssertEqual(byName["PW wastewater"]?.segments.map(\.meter.id), [5_004])
        XCTAssertEqual(byName["PW solidWaste"]?.segments.count, 0)
        XCTAssertEqual(byName["P100002 electric"]?.reads[2]?.map(\.value), [402, 2, 802, 2], "both channels of the window's reads, oldest first")
        XCTAssertEqual(batch.last?.reads[1]?.count, 8, "the wider window of P100001 keeps all four months on two channels")
    }
}
