@testable import SettleMetering
import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf
import XCTest

/// Wastewater is billed on the premise's water use and solid waste is not metered: VEE must
/// neither call them missing reads nor repeat the water meter's exceptions on wastewater.
final class UnmeteredServicesTests: XCTestCase {
    func testWastewaterUsesTheWaterMeterAndSolidWastePasses() async throws {
        try await withMeteringHost { host in
            let schedule = ReadSchedule(cycle: 5)
            let may = YearMonth(year: 2024, month: 5)!
            var csv = "meter,channel,read_at,value\n"
            for (index, premise) in ["P1", "P2"].enumerated() {
                let serial = "W\(index + 1)"
                _ = try await host.addMeter(serial, service: "water", dials: 7, channels: [.gallons], form: "")
                try await host.install(serial, premise: premise, date: "2023-03-01", reads: [.gallons: 0])
                _ = try await host.activate(serial)
                for service in ["water", "wastewater", "solid_waste"] {
                    host.book.add(account: "10000\(index + 1)", premise: premise, service: service, rateSchedule: "W-\(service)", start: "2023-03-01", cycle: 5)
                }
                var value: Int64 = 0
                var previous = LocalDate("2023-03-01")!
                for back in stride(from: 13, through: 0, by: -1) {
                    let date = schedule.readDate(may.adding(months: -back))
                    value += 150 * Int64(date - previous)
                    previous = date
                    if back == 0 && premise == "P2" { continue }  // P2's water meter was not read
                    csv += "\(serial),gallons,\(date),\(value)\n"
                }
            }
            let imported = try await host.importFile(csv, format: .registerCsv, chunkSize: 4_096)
            XCTAssertTrue(imported.committed, "\(imported.rejected)")

            let vee = try await host.client.runVee(.with { $0.idempotencyKey = "vee"; $0.cycle = 5; $0.period = "2024-05" })
            XCTAssertEqual(vee.agreements, 6)
            XCTAssertEqual(vee.byType, ["missing_read": 1], "only P2's water agreement reports its unread meter")
            XCTAssertEqual(vee.passed, 5)

            let determinants = try await host.client.getBillingDeterminants(.with { $0.cycle = 5; $0.period = "2024-05" })
                .collect().flatMap(\.determinants)
            let byService = Dictionary(grouping: determinants.filter { $0.premiseID == "P1" }, by: \.serviceType)
            let days = Int64(schedule.readDate(may) - schedule.readDate(may.adding(months: -1)))
            XCTAssertEqual(byService["water"]?.first?.gallonsThousandths, 150_000 * days)
            XCTAssertEqual(byService["wastewater"]?.first?.gallonsThousandths, 150_000 * days, "wastewater volume is the water use")
            XCTAssertEqual(byService["solid_waste"]?.first?.gallonsThousandths, 0)
            XCTAssertEqual(byService["solid_waste"]?.first?.problem, "")
        }
    }
}
