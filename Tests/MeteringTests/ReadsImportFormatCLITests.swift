import Foundation
import SettleHost
import SettleTestSupport
import XCTest

/// `settle reads import FILE` without `--format` tells the CSV's kind by its header's columns.
final class ReadsImportFormatCLITests: XCTestCase {
    func testAnIntervalCSVWhoseStartGoesByAnAliasIsTakenAsIntervalCSV() async throws {
        try SettleCLI.binary()
        try await withMeteringHost { host in
            try await host.ready("GB1", premise: "P1", installed: "2024-03-01", kind: "interval")
            let socket = host.runtime.configuration.socketPath
            let csv = try temporaryFile("reads.csv", "meter_serial,interval_start,kwh\nGB1,2024-03-04T12:00:00Z,0.412\nGB1,2024-03-04T12:15:00Z,0.388\n")
            let imported = try await SettleCLI.run(["reads", "import", csv], socket: socket)
            XCTAssertEqual(imported.status, 0, imported.stderr + imported.stdout)
            XCTAssertTrue(imported.stdout.hasPrefix("imported 0 register read(s) and 2 interval value(s) as IMP"), imported.stdout)
        }
    }

    func testAHeaderWithARegisterColumnStaysRegisterCSV() async throws {
        try SettleCLI.binary()
        try await withMeteringHost { host in
            try await host.ready("E1", premise: "P1", installed: "2024-03-01")
            let socket = host.runtime.configuration.socketPath
            // `status` is an interval alias, but `read_at` says register.
            let csv = try temporaryFile("reads.csv", "meter,read_at,value,status\nE1,2024-04-04,400,ok\n")
            let imported = try await SettleCLI.run(["reads", "import", csv], socket: socket)
            XCTAssertEqual(imported.status, 0, imported.stderr + imported.stdout)
            XCTAssertTrue(imported.stdout.hasPrefix("imported 1 register read(s) and 0 interval value(s) as IMP"), imported.stdout)
        }
    }
}
