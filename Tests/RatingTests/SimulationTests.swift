import Foundation
import SettleContracts
import SettleDomain
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// Bill simulation on load profiles and URDB import, against values computed by hand.
final class SimulationTests: XCTestCase {
    /// Hourly rows for every day in [from, to) of `year`/`month`, labelled by wall-clock
    /// start; `skip` leaves out labels (the hour that does not exist on spring-forward day).
    static func hourly(year: Int, month: Int, days: Int, skip: Set<String> = [], value: (Int, Int, Int) -> (String, String)) -> String {
        var lines = ["start,delivered_kwh,received_kwh"]
        for day in 1...days {
            for hour in 0..<24 {
                let label = String(format: "%04d-%02d-%02dT%02d:00", year, month, day, hour)
                if skip.contains(label) { continue }
                let (delivered, received) = value(day, hour, Self.weekday(year: year, month: month, day: day))
                lines.append("\(label),\(delivered),\(received)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// 0 = Sunday … 6 = Saturday.
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        LocalDate(year: year, month: month, day: day)?.weekday ?? 0
    }

    func simulate(_ host: RatingHost, code: String, csv: String, explain: Bool = false) async throws -> Settle_Rating_V1_SimulateBillResponse {
        var request = Settle_Rating_V1_SimulateBillRequest()
        request.tariffCode = code
        request.loadCsv = Data(csv.utf8)
        request.explain = explain
        return try await host.maker.simulateBill(request)
    }

    /// Three-period TOU from hourly intervals, March 2024 (America/Chicago's DST starts
    /// Sunday 2024-03-10: no 02:00 row), with Friday 2024-03-29 a holiday; 1 kWh every hour.
    ///
    /// 20 weekdays (31 days − 10 weekend days − the holiday): 9 h off, 9 h mid, 6 h on each →
    /// 180 off, 180 mid, 120 on. 11 weekend/holiday days: 20 h off, 4 h mid each → 220 off −
    /// 1 (the missing DST hour, off-peak on a Sunday) = 219 off, 44 mid. Totals 399 off, 224
    /// mid, 120 on = 743 rows. 399 × 0.08 = 31.92; 224 × 0.12 = 26.88; 120 × 0.25 = 30.00;
    /// customer 15.00 (simulation bills whole months). Total 103.80.
    func testThreePeriodTOUWithHolidayAndDSTDay() async throws {
        try await withRatingHost { host in
            try await host.tariff("TOU-3")
            try await host.save(TOUFixture.version())
            let csv = Self.hourly(year: 2024, month: 3, days: 31, skip: ["2024-03-10T02:00"]) { _, _, _ in ("1", "0") }
            let result = try await simulate(host, code: "TOU-3", csv: csv, explain: true)
            XCTAssertEqual(result.intervals, 743)
            XCTAssertEqual(result.months.count, 1)
            let march = try XCTUnwrap(result.months.first)
            XCTAssertEqual(march.month, "2024-03")
            let energy = march.lines.filter { $0.component == "energy" }
            XCTAssertEqual(energy.map(\.description_p), ["Energy off-peak", "Energy mid-peak", "Energy on-peak"])
            XCTAssertEqual(energy.map(\.quantity), ["399", "224", "120"])
            XCTAssertEqual(energy.map(\.amountCents), [3_192, 2_688, 3_000])
            XCTAssertEqual(march.fixed, "15.00")
            XCTAssertEqual(march.energy, "88.80")
            XCTAssertEqual(march.total, "103.80")
            XCTAssertEqual(result.total, "103.80")

            // Without the holiday, 2024-03-29 is a weekday: 9 off, 9 mid, 6 on instead of
            // 20 off, 4 mid → off 388, mid 229, on 126: 31.04 + 27.48 + 31.50 + 15 = 105.02.
            var noHoliday = TOUFixture.version()
            noHoliday.energy.holidays = []
            noHoliday.version = 2
            try await host.save(noHoliday)
            var request = Settle_Rating_V1_SimulateBillRequest()
            request.tariffCode = "TOU-3"
            request.version = 2
            request.loadCsv = Data(csv.utf8)
            let plain = try await host.maker.simulateBill(request)
            XCTAssertEqual(plain.total, "105.02")
        }
    }

    /// Fall-back day (2024-11-03, America/Chicago): the 01:00 hour happens twice, so the
    /// file labels two rows "01:00"; both are billed (nothing merged). November 2024 at 1 kWh
    /// an hour: 30 × 24 + 1 = 721 rows. 2024-11-28 is a holiday (weekend table); weekdays
    /// (20 besides it): 9 off, 9 mid, 6 on; weekend and holiday days (10): 20 off, 4 mid, and
    /// the repeated 01:00 on Sunday the 3rd is off-peak → off 180 + 200 + 1 = 381, mid 180 +
    /// 40 = 220, on 120. 381 × 0.08 = 30.48; 220 × 0.12 = 26.40; 120 × 0.25 = 30.00;
    /// customer 15.00 → 101.88.
    func testFallBackDayKeepsTheRepeatedHour() async throws {
        try await withRatingHost { host in
            try await host.tariff("TOU-3")
            var version = TOUFixture.version()
            version.energy.holidays = ["2024-11-28"]
            try await host.save(version)
            var csv = Self.hourly(year: 2024, month: 11, days: 30) { _, _, _ in ("1", "0") }
            csv = csv.replacingOccurrences(of: "2024-11-03T01:00,1,0\n", with: "2024-11-03T01:00,1,0\n2024-11-03T01:00,1,0\n")
            let result = try await simulate(host, code: "TOU-3", csv: csv, explain: true)
            XCTAssertEqual(result.intervals, 721)
            let november = try XCTUnwrap(result.months.first)
            XCTAssertEqual(november.deliveredKwh, "721")
            XCTAssertEqual(november.lines.filter { $0.component == "energy" }.map(\.quantity), ["381", "220", "120"])
            XCTAssertEqual(november.total, "101.88")
        }
    }

    /// A URDB rate imported and simulated on two months of hourly data, computed by hand.
    ///
    /// Rate: off-peak (period 0) first 429.5 kWh at 0.08 + adj 0.01 = 0.09, the rest 0.11 +
    /// 0.01 = 0.12, sell 0.03; on-peak (period 1, weekdays 16:00–20:59) 0.20 then 0.24, sell
    /// 0.05. Fixed 10 $/month, minimum 25 $/month, flat demand 2.50 $/kW.
    ///
    /// January 2018 (23 weekdays, but Monday the 1st is New Year's Day on the utility's
    /// calendar, priced on the weekend table): the 22 other weekdays' on-peak hours 2 kWh →
    /// 22 × 5 × 2 = 220 kWh; the other 629 hours 1 kWh and New Year's 5 hours 2 kWh → 639;
    /// total 859. Tier limits apply to the month's total (SAM): 429.5 / 859 = half of each
    /// period in each block. Off: 319.5 × 0.09 = 28.755 → 28.76, 319.5 × 0.12 = 38.34; on:
    /// 110 × 0.20 = 22.00, 110 × 0.24 = 26.40 → energy 115.50. Demand 2 kW × 2.50 = 5.00.
    /// Exports 0.5 kWh at noon (off-peak) × 31 = 15.5 × 0.03 = 0.465 → 0.47. Total 10 +
    /// 115.50 + 5 − 0.47 = 130.03; minimum does not bind.
    ///
    /// February 2018 (20 weekdays): 0.01 kWh every hour → on 100 h = 1 kWh, off 572 h =
    /// 5.72 kWh. Off 5.72 × 0.09 = 0.5148 → 0.51; on 1 × 0.20 = 0.20 → energy 0.71. Demand
    /// 0.01 kW × 2.50 = 0.025 → 0.03. Exports 1 kWh at noon × 28 × 0.03 = 0.84. Subtotal
    /// 10 + 0.71 + 0.03 − 0.84 = 9.90 → minimum 15.10 → total 25.00. File total 155.03.
    func testURDBImportedAndSimulated() async throws {
        try await withRatingHost { host in
            var request = Settle_Rating_V1_ImportUrdbTariffRequest()
            request.idempotencyKey = freshKey("urdb")
            request.code = "URDB-TOU"
            request.urdbJson = Data(URDBFixture.json.utf8)
            let imported = try await host.maker.importUrdbTariff(request)
            XCTAssertTrue(imported.createdTariff)
            XCTAssertEqual(imported.version.status, "draft")
            XCTAssertEqual(imported.version.effectiveFrom, "2018-01-01")
            XCTAssertEqual(imported.version.energy.periods[0].tiers.map(\.rate), ["0.09", "0.12"])
            XCTAssertEqual(imported.version.energy.periods[0].tiers.map(\.max), ["429.5", ""])
            XCTAssertEqual(imported.version.energy.periods[1].tiers.map(\.sell), ["0.05", "0.05"])
            XCTAssertEqual(imported.unsupported.sorted(), [
                "demandratchetpercentage: not modelled by Settle's tariffs",
                "dgrules: not modelled by Settle's tariffs",
                "energyratestructure[0][0].coincident: not modelled by Settle's tariffs",
                "fuelcostadjustmentsmonthly: not modelled by Settle's tariffs",
            ])
            let tariff = try await host.maker.getTariff(.with { $0.code = "URDB-TOU" })
            XCTAssertEqual(tariff.rateClass, "residential")
            XCTAssertEqual(tariff.name, "Residential TOU Test")

            let january = Self.hourly(year: 2018, month: 1, days: 31) { _, hour, weekday in
                let onPeak = (1...5).contains(weekday) && (16...20).contains(hour)
                return (onPeak ? "2" : "1", hour == 12 ? "0.5" : "0")
            }
            let february = Self.hourly(year: 2018, month: 2, days: 28) { _, hour, _ in ("0.01", hour == 12 ? "1" : "0") }
            let csv = january + february.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
            let result = try await simulate(host, code: "URDB-TOU", csv: csv, explain: true)
            XCTAssertEqual(result.months.map(\.month), ["2018-01", "2018-02"])
            let jan = result.months[0]
            XCTAssertEqual([jan.fixed, jan.energy, jan.demand, jan.minimum, jan.exportCredit, jan.total], ["10.00", "115.50", "5.00", "0.00", "0.47", "130.03"])
            XCTAssertEqual(jan.lines.filter { $0.component == "energy" }.map(\.amountCents), [2_876, 3_834, 2_200, 2_640])
            let feb = result.months[1]
            XCTAssertEqual([feb.fixed, feb.energy, feb.demand, feb.minimum, feb.exportCredit, feb.total], ["10.00", "0.71", "0.03", "15.10", "0.84", "25.00"])
            XCTAssertEqual(result.total, "155.03")
        }
    }

    /// A URDB rate without a start date takes effect on the utility's today, not UTC's: the
    /// host runs in whichever of UTC+14 and UTC−12 is on another day than UTC right now (at
    /// every hour one of them is), so a UTC "today" is the wrong day.
    func testURDBImportWithoutAStartDateTakesEffectOnTheUtilitysToday() async throws {
        let now = Date()
        let zones = try ["Pacific/Kiritimati", "Etc/GMT+12"].map { try XCTUnwrap(TimeZone(identifier: $0)) }
        let utcToday = LocalDate.today(in: .gmt, now: now)
        let zone = try XCTUnwrap(zones.first { LocalDate.today(in: $0, now: now) != utcToday })
        try await withHost(try await RatingHost.start(timeZone: zone)) { host in
            var request = Settle_Rating_V1_ImportUrdbTariffRequest()
            request.idempotencyKey = freshKey("urdb")
            request.code = "URDB-UNDATED"
            request.urdbJson = Data(#"{"name": "Undated", "fixedchargefirstmeter": 10, "energyratestructure": [[{"rate": 0.1}]]}"#.utf8)
            let imported = try await host.maker.importUrdbTariff(request)
            let expected = [LocalDate.today(in: zone, now: now), LocalDate.today(in: zone)].map(\.description)
            XCTAssertTrue(expected.contains(imported.version.effectiveFrom), "\(imported.version.effectiveFrom) in \(zone.identifier); UTC's today is \(utcToday)")
        }
    }

    /// Bad input names what was wrong: the CSV line, the URDB field, the tariff.
    func testBadInputIsNamed() async throws {
        try await withRatingHost { host in
            try await host.tariff("TOU-3")
            try await host.save(TOUFixture.version())
            let bad = "start,delivered_kwh,received_kwh\n2024-03-01T00:00,1,0\n2024-03-01T01:00,abc,0\n"
            let error = await assertRPCError(.invalidArgument) { try await self.simulate(host, code: "TOU-3", csv: bad) }
            XCTAssertEqual(error?.message, "load_csv: line 3: delivered_kwh 'abc' is not a non-negative number")
            // Seconds are read, not skipped: text in their place is no time.
            let seconds = "start,delivered_kwh,received_kwh\n2024-03-01T00:00:30,1,0\n2024-03-01T01:00abc,1,0\n"
            let time = await assertRPCError(.invalidArgument) { try await self.simulate(host, code: "TOU-3", csv: seconds) }
            XCTAssertEqual(time?.message, "load_csv: line 3: start '2024-03-01T01:00abc' is not a local time YYYY-MM-DDTHH:MM")
            let header = await assertRPCError(.invalidArgument) { try await self.simulate(host, code: "TOU-3", csv: "time,kwh\n") }
            XCTAssertTrue(header?.message.contains("line 1: the header must be") == true, header?.message ?? "")
            let unknown = await assertRPCError(.notFound) { try await self.simulate(host, code: "NOPE", csv: bad) }
            XCTAssertEqual(unknown?.message, "no tariff with code 'NOPE'")

            var request = Settle_Rating_V1_ImportUrdbTariffRequest()
            request.idempotencyKey = freshKey("urdb")
            request.code = "BAD"
            request.urdbJson = Data(#"{"energyratestructure": [[{"rate": 0.1, "unit": "kWh/kW"}]]}"#.utf8)
            let unit = await assertRPCError(.invalidArgument) { try await host.maker.importUrdbTariff(request) }
            XCTAssertEqual(unit?.message, "urdb_json: energyratestructure[0][0].unit 'kWh/kW' is not supported (kWh or kWh daily)")
            request.idempotencyKey = freshKey("urdb")
            request.urdbJson = Data(#"{"energyratestructure": [[{"rate": 0.1}]"#.utf8)
            let malformed = await assertRPCError(.invalidArgument) { try await host.maker.importUrdbTariff(request) }
            XCTAssertTrue(malformed?.message.hasPrefix("urdb_json: not valid JSON at byte") == true, malformed?.message ?? "")
        }
    }
}

enum URDBFixture {
    /// Weekday hours 16–20 on-peak (period 1) every month; weekends off-peak.
    static var json: String {
        let weekday = (0..<12).map { _ in "[" + (0..<24).map { (16...20).contains($0) ? "1" : "0" }.joined(separator: ",") + "]" }.joined(separator: ",")
        let weekend = (0..<12).map { _ in "[" + (0..<24).map { _ in "0" }.joined(separator: ",") + "]" }.joined(separator: ",")
        return """
        {"items": [{
          "label": "5a0000000000000000000001",
          "utility": "Test Municipal Utility",
          "name": "Residential TOU Test",
          "sector": "Residential",
          "startdate": 1514764800,
          "fixedchargefirstmeter": 10,
          "fixedchargeunits": "$/month",
          "mincharge": 25,
          "minchargeunits": "$/month",
          "energyratestructure": [
            [{"max": 429.5, "rate": 0.08, "adj": 0.01, "sell": 0.03, "unit": "kWh", "coincident": 1}, {"rate": 0.11, "adj": 0.01, "sell": 0.03}],
            [{"max": 429.5, "rate": 0.2, "sell": 0.05}, {"rate": 0.24, "sell": 0.05}]
          ],
          "energyweekdayschedule": [\(weekday)],
          "energyweekendschedule": [\(weekend)],
          "flatdemandstructure": [[{"rate": 2.5}]],
          "flatdemandmonths": [0,0,0,0,0,0,0,0,0,0,0,0],
          "flatdemandunit": "kW",
          "fuelcostadjustmentsmonthly": [0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001],
          "demandratchetpercentage": [0,0,0,0,0,0,0,0,0,0,0,0],
          "dgrules": "Net Billing Instantaneous"
        }]}
        """
    }
}
