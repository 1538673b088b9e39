import Foundation
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// `SimulateBill` (and `settle bill simulate`) honouring a totalized group as the billing run
/// does: several meters' loads summed, demand coincident or non-coincident, from the request
/// or from the agreement's enrolment; on LC-1 ($50 a month, $0.10/kWh, $10/kW).
final class TotalizedSimulationTests: XCTestCase {
    /// Hourly rows for 2024-01-01 and 01-02: 1 kWh an hour, `peak` kWh in one hour.
    static func load(peakDay: Int, peakHour: Int, peak: Int, hours: Int = 48) -> String {
        var lines = ["start,delivered_kwh,received_kwh"]
        for index in 0..<hours {
            let day = index / 24 + 1, hour = index % 24
            lines.append(String(format: "2024-01-%02dT%02d:00,%d,0", day, hour, day == peakDay && hour == peakHour ? peak : 1))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Meter A: 6 kWh at 05:00 on the 1st; meter B: 9 kWh at 07:00 on the 2nd; 1 kWh every
    /// other hour. Energy 53 + 56 = 109 kWh = $10.90. Coincident: the highest summed hour is
    /// B's, 1 + 9 = 10 kW = $100.00; non-coincident 6 + 9 = 15 kW = $150.00. With the $50.00
    /// customer charge: $160.90 and $210.90.
    static let meterA = load(peakDay: 1, peakHour: 5, peak: 6)
    static let meterB = load(peakDay: 2, peakHour: 7, peak: 9)

    func simulate(_ host: ProgramsHost, loads: [String], method: String = "", agreement: UInt64 = 0, tariff: String = "LC-1") async throws -> Settle_Rating_V1_SimulateBillResponse {
        try await host.rating.simulateBill(.with {
            $0.tariffCode = tariff
            $0.loadCsv = Data(loads[0].utf8)
            $0.memberLoadCsv = loads.dropFirst().map { Data($0.utf8) }
            $0.demandMethod = method
            $0.agreementID = agreement
        })
    }

    func testAGroupsLoadsAreSummedWithCoincidentAndNonCoincidentDemandSideBySide() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            let coincident = try await simulate(host, loads: [Self.meterA, Self.meterB])
            let month = try XCTUnwrap(coincident.months.first)
            XCTAssertEqual(coincident.months.count, 1)
            XCTAssertEqual(month.deliveredKwh, "109")
            XCTAssertEqual(month.energy, "10.90")
            XCTAssertEqual(month.demand, "100.00")
            XCTAssertEqual(month.total, "160.90")
            XCTAssertEqual(month.coincidentDemandKw, "10")
            XCTAssertEqual(month.nonCoincidentDemandKw, "15")
            XCTAssertEqual(month.meters.map(\.deliveredKwh), ["53", "56"])
            XCTAssertEqual(month.meters.map(\.peakKw), ["6", "9"])
            XCTAssertEqual(coincident.notes, ["Totalized: 2 meters, coincident demand"])

            let nonCoincident = try await simulate(host, loads: [Self.meterA, Self.meterB], method: "non_coincident")
            XCTAssertEqual(nonCoincident.months.first?.demand, "150.00")
            XCTAssertEqual(nonCoincident.total, "210.90")
            XCTAssertEqual(nonCoincident.months.first?.coincidentDemandKw, "10")

            // One meter alone is rated as before, with no group figures.
            let alone = try await simulate(host, loads: [Self.meterA])
            XCTAssertEqual(alone.total, "115.30")  // 53 kWh $5.30, 6 kW $60.00, $50.00
            XCTAssertEqual(alone.months.first?.meters, [])
            XCTAssertEqual(alone.notes, [])
        }
    }

    func testMeterLoadsThatDoNotLineUpAreRefusedByName() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            let short = await assertRPCError(.invalidArgument) { try await self.simulate(host, loads: [Self.meterA, Self.load(peakDay: 1, peakHour: 1, peak: 2, hours: 47)]) }
            XCTAssertEqual(short?.message, "member_load_csv[0]: it has 47 intervals, load_csv 48: a group's meters must cover the same intervals")
            let shifted = Self.meterB.replacingOccurrences(of: "2024-01-02T23:00", with: "2024-01-03T00:00")
            let moved = await assertRPCError(.invalidArgument) { try await self.simulate(host, loads: [Self.meterA, shifted]) }
            XCTAssertEqual(moved?.message, "member_load_csv[0]: interval 48 starts 2024-01-03T00:00, load_csv's 2024-01-02T23:00: a group's meters must cover the same intervals in the same order")
            let bad = await assertRPCError(.invalidArgument) { try await self.simulate(host, loads: [Self.meterA, "start,delivered_kwh\n2024-01-01T00:00,-1\n"]) }
            XCTAssertTrue(bad?.message.hasPrefix("member_load_csv[0]: line 2: delivered_kwh '-1'") == true, bad?.message ?? "")
            let method = await assertRPCError(.invalidArgument) { try await self.simulate(host, loads: [Self.meterA, Self.meterB], method: "peak") }
            XCTAssertEqual(method?.message, "demand_method: 'peak' is not coincident or non_coincident")
            let alone = await assertRPCError(.invalidArgument) { try await self.simulate(host, loads: [Self.meterA], method: "coincident") }
            XCTAssertEqual(alone?.message, "demand_method: a demand method sums a totalized group's meters: give member_load_csv too")
        }
    }

    /// Acme's PA leads a non-coincident group with PB: simulating PA takes the enrolment's
    /// method ($210.90) and needs one load per member; PB alone is a member, not a lead.
    func testAnAgreementsTotalizedEnrolmentSuppliesTheDemandMethod() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            let a = try XCTUnwrap(utility.agreements["PA"]), b = try XCTUnwrap(utility.agreements["PB"])
            let group = try await host.enrollTotalized(a, members: [b], reason: "one bill for both buildings")
            let result = try await simulate(host, loads: [Self.meterA, Self.meterB], agreement: a)
            XCTAssertEqual(result.total, "210.90")
            XCTAssertEqual(result.notes, ["Totalized (enrolment \(group.id)): 2 meters, non-coincident demand"])
            let asked = try await simulate(host, loads: [Self.meterA, Self.meterB], method: "coincident", agreement: a)
            XCTAssertEqual(asked.total, "160.90")
            XCTAssertEqual(asked.notes, ["Totalized (enrolment \(group.id)): 2 meters, non-coincident demand; simulated coincident as asked"])
            let missing = await assertRPCError(.invalidArgument) { try await self.simulate(host, loads: [Self.meterA], agreement: a) }
            XCTAssertEqual(missing?.message, "member_load_csv: agreement \(a) leads totalized enrolment \(group.id) with 1 member agreement(s) (\(b)); give one member_load_csv each, found 0")
            let member = await assertRPCError(.failedPrecondition) { try await self.simulate(host, loads: [Self.meterB], agreement: b) }
            XCTAssertEqual(member?.message, "agreement \(b) is a member of a totalized group: simulate its lead agreement with every meter's load")
            let untariffed = await assertRPCError(.invalidArgument) { try await self.simulate(host, loads: [Self.meterA, Self.meterB], agreement: a, tariff: "") }
            XCTAssertEqual(untariffed?.message, "tariff_code: a tariff code is required: agreement \(a) has no time-of-use enrolment in force to take one from")
        }
    }

    /// `settle bill simulate --load A --load B --demand non_coincident --json` keeps the month
    /// keys it always had and adds the group's.
    func testTheCommandLineSimulatesAGroup() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            let folder = host.directory
            try Self.meterA.write(toFile: folder + "/a.csv", atomically: true, encoding: .utf8)
            try Self.meterB.write(toFile: folder + "/b.csv", atomically: true, encoding: .utf8)
            let socket = host.runtime.configuration.socketPath
            let run = try await SettleCLI.run(["bill", "simulate", "--tariff", "LC-1", "--load", folder + "/a.csv", "--load", folder + "/b.csv", "--demand", "non_coincident", "--json"], socket: socket)
            XCTAssertEqual(run.status, 0, run.stderr)
            let object = try run.object()
            XCTAssertEqual(object["total"] as? String, "210.90")
            let month = try XCTUnwrap((object["months"] as? [[String: Any]])?.first)
            for key in ["fixed", "energy", "demand", "minimum", "export_credit", "total"] { XCTAssertNotNil(month[key], key) }
            XCTAssertEqual(month["demand"] as? String, "150.00")
            XCTAssertEqual(month["coincident_demand_kw"] as? String, "10")
            XCTAssertEqual(month["non_coincident_demand_kw"] as? String, "15")
            XCTAssertEqual((month["meters"] as? [[String: Any]])?.compactMap { $0["peak_kw"] as? String }, ["6", "9"])
            let table = try await SettleCLI.run(["bill", "simulate", "--tariff", "LC-1", "--load", folder + "/a.csv", "--load", folder + "/b.csv"], socket: socket)
            XCTAssertEqual(table.status, 0, table.stderr)
            let row = try XCTUnwrap(table.stdout.split(separator: "\n").first { $0.hasPrefix("2024-01") && $0.contains("53 / 6 + 56 / 9") })
            XCTAssertTrue(row.contains("10") && row.contains("15"), String(row))
        }
    }
}
