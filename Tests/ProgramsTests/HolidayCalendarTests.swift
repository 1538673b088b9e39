import Foundation
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// The utility's one holiday calendar (Programs): NERC's six with the observance rule, the
/// city's own days, and Rating's time-of-use rating reading it.
final class HolidayCalendarTests: XCTestCase {
    func holidays(_ host: ProgramsHost, _ years: [Int32]) async throws -> [Settle_Programs_V1_Holiday] {
        try await host.programs.listHolidays(.with { $0.years = years }).holidays
    }

    /// 2023-01-01 and 2022-12-25 are Sundays: observed on the Monday. 2026-07-04 and
    /// 2027-12-25 are Saturdays: not moved.
    func testASundayHolidayIsObservedOnMondayAndASaturdayOneIsNotMoved() async throws {
        try await withProgramsHost { host in
            let all = try await holidays(host, [2022, 2023, 2026, 2027])
            let newYear2023 = try XCTUnwrap(all.first { $0.name == "New Year's Day" && $0.date.hasPrefix("2023") })
            XCTAssertEqual(newYear2023.date, "2023-01-02")
            XCTAssertEqual(newYear2023.actualDate, "2023-01-01")
            let christmas2022 = try XCTUnwrap(all.first { $0.name == "Christmas Day" && $0.date.hasPrefix("2022") })
            XCTAssertEqual(christmas2022.date, "2022-12-26")
            XCTAssertEqual(christmas2022.actualDate, "2022-12-25")
            let christmas2027 = try XCTUnwrap(all.first { $0.name == "Christmas Day" && $0.date.hasPrefix("2027") })
            XCTAssertEqual(christmas2027.date, "2027-12-25")
            XCTAssertEqual(christmas2027.actualDate, "")
            let year2026 = all.filter { $0.date.hasPrefix("2026") }
            XCTAssertEqual(year2026.map(\.date), ["2026-01-01", "2026-05-25", "2026-07-04", "2026-09-07", "2026-11-26", "2026-12-25"])
            XCTAssertEqual(year2026.map(\.name), ["New Year's Day", "Memorial Day", "Independence Day", "Labor Day", "Thanksgiving Day", "Christmas Day"])
            XCTAssertEqual(Set(year2026.map(\.source)), ["nerc"])
            let tooMany = await assertRPCError(.invalidArgument) { try await self.holidays(host, Array(2020...2030)) }
            XCTAssertEqual(tooMany?.message, "years: 11 years; at most 10 a call")
        }
    }

    /// The city's own day is listed in date order beside NERC's; setting needs a supervisor
    /// and a reason, and the change is audited.
    func testTheUtilitysOwnDaysAreSetByASupervisor() async throws {
        try await withProgramsHost { host in
            let supervisor = ProgramsV1.Client(transport: host.checker)
            let set = try await supervisor.setHolidays(.with {
                $0.idempotencyKey = freshKey("holidays")
                $0.year = 2026
                $0.days = [.with { $0.date = "2026-03-02"; $0.name = "Founders Day" }]
                $0.reason = "city council resolution 2025-41"
            })
            XCTAssertEqual(set.holidays.map(\.date), ["2026-01-01", "2026-03-02", "2026-05-25", "2026-07-04", "2026-09-07", "2026-11-26", "2026-12-25"])
            XCTAssertEqual(set.holidays[1].source, "utility")
            let listed = try await holidays(host, [2026])
            XCTAssertEqual(listed, set.holidays)
            let clerk = ProgramsV1.Client(transport: host.runtime.inProcessTransport(as: PeerIdentity(uid: 1003, gid: 1003, pid: 4, role: .clerk)))
            await assertRPCError(.permissionDenied) {
                try await clerk.setHolidays(.with { $0.idempotencyKey = freshKey("h"); $0.year = 2026; $0.reason = "x" })
            }
            let wrongYear = await assertRPCError(.invalidArgument) {
                try await supervisor.setHolidays(.with {
                    $0.idempotencyKey = freshKey("h"); $0.year = 2026; $0.reason = "typo"
                    $0.days = [.with { $0.date = "2027-03-02"; $0.name = "Founders Day" }]
                })
            }
            XCTAssertEqual(wrongYear?.message, "days[0].date: 2027-03-02 is not in 2026")
        }
    }

    /// LC-TOU: weekdays on-peak $0.20/kWh all day, weekends and holidays off-peak $0.10. Acme's
    /// MA (15-minute data, 300 Wh a slot, one 1,300 Wh slot on Monday 04-15) moves to it from
    /// 2024-04-10, and the city makes Wednesday 2024-04-17 a holiday. The 30 days from 04-10
    /// have 8 weekend days and that holiday: off-peak 9 × 96 × 300 Wh = 259.2 kWh, on-peak
    /// 21 × 28.8 + 1.0 = 605.8 kWh; 605.8 × $0.20 + 259.2 × $0.10 = $121.16 + $25.92 = $147.08.
    /// A simulated Wednesday (24 kWh) costs $4.80 on-peak and $2.40 once it is a city holiday.
    func testACityDayAddedChangesTheTimeOfUseRatingOfThatDay() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            try await Self.timeOfUseTariff(host)
            let a = try XCTUnwrap(utility.agreements["PA"])
            let supervisor = ProgramsV1.Client(transport: host.checker)
            _ = try await supervisor.setHolidays(.with {
                $0.idempotencyKey = freshKey("holidays")
                $0.year = 2024
                $0.days = [.with { $0.date = "2024-04-17"; $0.name = "Founders Day" }]
                $0.reason = "city council resolution 2024-07"
            })
            _ = try await host.programs.enroll(.with {
                $0.idempotencyKey = freshKey("tou")
                $0.kind = "tou"
                $0.agreementID = a
                $0.rateSchedule = "LC-TOU"
                $0.effectiveFrom = "2024-04-10"
                $0.reason = "customer asked for time of use"
            })
            try await host.runBilling(period: "2024-05", billDate: "2024-05-13")
            let bills = try await host.rating.listBills(.with { $0.cycle = ProgramsUtility.cycle; $0.period = "2024-05" }).bills
            let bill = try XCTUnwrap(bills.first { $0.agreementID == a })
            XCTAssertEqual(bill.tariffCode, "LC-TOU")
            XCTAssertEqual(bill.input.touWh, [259_200, 605_800])
            XCTAssertEqual(bill.rated.totalCents, 14_708)
            XCTAssertTrue(bill.rated.notes.contains { $0.hasPrefix("Time of use (enrolment ") && $0.hasSuffix("billed on LC-TOU from 2024-04-10, before on LC-1") }, "\(bill.rated.notes)")

            let wednesday = "start,delivered_kwh\n" + (0..<24).map { String(format: "2026-03-04T%02d:00,1", $0) }.joined(separator: "\n") + "\n"
            func simulate() async throws -> String {
                try await host.rating.simulateBill(.with { $0.tariffCode = "LC-TOU"; $0.loadCsv = Data(wednesday.utf8) }).months.first?.energy ?? ""
            }
            let before = try await simulate()
            XCTAssertEqual(before, "4.80")
            _ = try await supervisor.setHolidays(.with {
                $0.idempotencyKey = freshKey("holidays")
                $0.year = 2026
                $0.days = [.with { $0.date = "2026-03-04"; $0.name = "Founders Day" }]
                $0.reason = "city council resolution 2025-41"
            })
            let after = try await simulate()
            XCTAssertEqual(after, "2.40")
        }
    }

    /// LC-TOU, saved, validated and activated by two people.
    static func timeOfUseTariff(_ host: ProgramsHost) async throws {
        var version = Settle_Rating_V1_TariffVersion()
        version.code = "LC-TOU"
        version.effectiveFrom = "2024-01-01"
        version.energy = .with {
            $0.periods = [.with { $0.name = "off-peak"; $0.tiers = [.with { $0.rate = "0.10" }] },
                          .with { $0.name = "on-peak"; $0.tiers = [.with { $0.rate = "0.20" }] }]
            $0.weekday = Array(repeating: 1, count: 288)
            $0.weekend = Array(repeating: 0, count: 288)
        }
        version.scenarios = [.with {
            $0.name = "400 off-peak, 600 on-peak kWh"
            $0.input = .with { $0.periodStart = "2024-01-01"; $0.periodEnd = "2024-01-31"; $0.deliveredWh = 1_000_000; $0.touWh = [400_000, 600_000] }
            $0.expectedTotalCents = 16_000
        }]
        try await host.tariffs.activate(version, rateClass: "large_commercial", name: "Large commercial time of use")
    }
}
