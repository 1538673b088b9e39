import Foundation
import SettleHost
import SettleModuleSDK
@testable import SettleMetering
import SettleTestSupport
import XCTest

/// The `settle` binary's metering commands against a live host: what a specialist types.
final class MeteringCLITests: XCTestCase {
    func testMetersReadsAndVEEFromTheCommandLine() async throws {
        try SettleCLI.binary()
        try await withMeteringHost { host in
            let socket = host.runtime.configuration.socketPath
            host.book.add(account: "100001", premise: "P1", start: "2024-01-01", cycle: 5)

            let added = try await SettleCLI.run(["meter", "add", "E1", "--dials", "5", "--form", "2S", "--amps", "200", "--idempotency-key", "cli-add"], socket: socket)
            XCTAssertEqual(added.status, 0, added.stderr)
            XCTAssertTrue(added.stdout.hasPrefix("meter E1: electric register, inventory"), added.stdout)

            let installed = try await SettleCLI.run(["meter", "install", "E1", "--premise", "P1", "--date", "2024-03-01", "--read", "kwh_delivered=100"], socket: socket)
            XCTAssertEqual(installed.status, 0, installed.stderr)
            let valid = try await SettleCLI.run(["meter", "validate", "E1"], socket: socket)
            XCTAssertEqual(valid.status, 0, valid.stderr)
            XCTAssertEqual(valid.stdout, "meter E1: valid for rate RES-1\n")
            let activated = try await SettleCLI.run(["meter", "activate", "E1"], socket: socket)
            XCTAssertEqual(activated.status, 0, activated.stderr)

            // A transformer-rated meter without CTs fails validation: exit 9, every problem listed.
            _ = try await SettleCLI.run(["meter", "add", "E2", "--form", "9S", "--amps", "400"], socket: socket)
            _ = try await SettleCLI.run(["meter", "install", "E2", "--premise", "P2", "--date", "2024-03-01"], socket: socket)
            let invalid = try await SettleCLI.run(["meter", "validate", "E2"], socket: socket)
            XCTAssertEqual(invalid.status, 9)
            XCTAssertTrue(invalid.stdout.contains("install_read"), invalid.stdout)
            XCTAssertTrue(invalid.stdout.contains("multiplier_form"), invalid.stdout)

            // A file with a bad row: exit 3 and the line; the good file imports; twice is once.
            let bad = try temporaryFile("bad.csv", "meter,read_at,value\nE1,2024-04-04,400\nE1,2024-04-xx,500\n")
            let refused = try await SettleCLI.run(["reads", "import", bad], socket: socket)
            XCTAssertEqual(refused.status, 3, refused.stderr)
            XCTAssertTrue(refused.stdout.contains("nothing imported: 1 row(s) rejected"), refused.stdout)
            XCTAssertTrue(refused.stdout.contains("3     read_at '2024-04-xx'"), refused.stdout)
            let good = try temporaryFile("good.csv", "meter,read_at,value\nE1,2024-04-04,400\n")
            let first = try await SettleCLI.run(["reads", "import", good], socket: socket)
            XCTAssertEqual(first.status, 0, first.stderr + first.stdout)
            XCTAssertTrue(first.stdout.hasPrefix("imported 1 register read(s) and 0 interval value(s) as IMP"), first.stdout)
            let second = try await SettleCLI.run(["reads", "import", good], socket: socket)
            XCTAssertEqual(second.stdout, first.stdout, "the same file is recognised by its content")

            // VEE for cycle 5, April 2024 (read date 2024-04-05): a 34-day first period, no May read.
            let run = try await SettleCLI.run(["vee", "run", "--cycle", "5", "--period", "2024-05"], socket: socket)
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertTrue(run.stdout.contains("1 agreement(s): 0 passed, 1 with exceptions, 1 held"), run.stdout)
            let csv = try await SettleCLI.run(["vee", "exceptions", "--cycle", "5", "--csv"], socket: socket)
            XCTAssertEqual(csv.status, 0, csv.stderr)
            let lines = csv.stdout.split(separator: "\n")
            XCTAssertEqual(lines.first, "id,period,account,premise,meter,type,blocking,status,measured,compared_with,root_cause,action")
            XCTAssertEqual(lines.count, 2)
            XCTAssertTrue(lines[1].hasPrefix("VX1,2024-05,100001,P1,E1,missing_read,yes,open,"), String(lines[1]))

            let json = try await SettleCLI.run(["vee", "exceptions", "--cycle", "5", "--json"], socket: socket)
            XCTAssertTrue(json.stdout.contains("\"type\" : \"missing_read\""), json.stdout)

            let noReason = try await SettleCLI.run(["vee", "resolve", "VX1", "--action", "accept"], socket: socket)
            XCTAssertEqual(noReason.status, 64)
            let resolved = try await SettleCLI.run(["vee", "resolve", "VX1", "--action", "reread", "--reason", "gate locked"], socket: socket)
            XCTAssertEqual(resolved.status, 0, resolved.stderr)
            XCTAssertTrue(resolved.stdout.hasPrefix("VX1 missing_read: reread_requested — re-read RR"), resolved.stdout)
        }
    }

    /// `settle vee thresholds show|set` and `settle vee schedule show|set`: tables, JSON,
    /// audited, and a repeated call under one key changes nothing more.
    func testVeeThresholdsAndScheduleFromTheCommandLine() async throws {
        try SettleCLI.binary()
        try await withMeteringHost { host in
            let socket = host.runtime.configuration.socketPath
            let set = try await SettleCLI.run(["vee", "thresholds", "set", "--class", "commercial", "--zero-use-periods", "2", "--short-gap-minutes", "90",
                                        "--idempotency-key", "cli-thresholds", "--reason", "commercial meters report every 15 minutes"], socket: socket)
            XCTAssertEqual(set.status, 0, set.stderr)
            XCTAssertTrue(set.stdout.contains("rate class 'commercial'"), set.stdout)
            func value(_ field: String, in text: String) -> String? {
                text.split(separator: "\n").first { $0.hasPrefix(field + " ") }.flatMap { $0.split(separator: " ").dropFirst().first.map(String.init) }
            }
            XCTAssertEqual(value("zero_use_periods", in: set.stdout), "2", set.stdout)
            XCTAssertEqual(value("short_gap_minutes", in: set.stdout), "90", set.stdout)
            XCTAssertEqual(value("high_use_percent", in: set.stdout), "200", set.stdout)
            let again = try await SettleCLI.run(["vee", "thresholds", "set", "--class", "commercial", "--zero-use-periods", "2", "--short-gap-minutes", "90",
                                          "--idempotency-key", "cli-thresholds", "--reason", "commercial meters report every 15 minutes"], socket: socket)
            XCTAssertEqual(again.status, 0, again.stderr)
            let audit = try await host.store().auditRecords(entity: "vee_threshold/commercial")
            XCTAssertEqual(audit.count, 1, "the retry changed nothing more")
            XCTAssertEqual(audit.first?.reason, "commercial meters report every 15 minutes")

            let shown = try await SettleCLI.run(["vee", "thresholds", "show", "--class", "commercial", "--json"], socket: socket)
            XCTAssertEqual(shown.status, 0, shown.stderr)
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(json["zero_use_periods"] as? Int, 2)
            XCTAssertEqual(json["short_gap_minutes"] as? Int, 90)
            XCTAssertEqual(json["high_use_percent"] as? Int, 200)
            let nothing = try await SettleCLI.run(["vee", "thresholds", "set", "--class", "commercial"], socket: socket)
            XCTAssertNotEqual(nothing.status, 0)
            XCTAssertTrue(nothing.stderr.contains("give at least one threshold"), nothing.stderr)

            let scheduled = try await SettleCLI.run(["vee", "schedule", "set", "--cycle", "5", "--period", "2024-06", "--date", "2024-06-10", "--reason", "route moved"], socket: socket)
            XCTAssertEqual(scheduled.status, 0, scheduled.stderr)
            let schedule = try await SettleCLI.run(["vee", "schedule", "show", "--cycle", "5", "--from", "2024-05", "--months", "2"], socket: socket)
            XCTAssertEqual(schedule.status, 0, schedule.stderr)
            XCTAssertTrue(schedule.stdout.contains("5      2024-05  2024-05-07  default"), schedule.stdout)
            XCTAssertTrue(schedule.stdout.contains("5      2024-06  2024-06-10  set"), schedule.stdout)
            let scheduleJSON = try await SettleCLI.run(["vee", "schedule", "show", "--cycle", "5", "--from", "2024-06", "--months", "1", "--json"], socket: socket)
            XCTAssertTrue(scheduleJSON.stdout.contains("\"read_date\" : \"2024-06-10\""), scheduleJSON.stdout)
            let scheduleAudit = try await host.store().auditRecords(entity: "read_schedule/5/2024-06")
            XCTAssertEqual(scheduleAudit.count, 1)
        }
    }
}
