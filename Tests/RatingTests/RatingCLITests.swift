import Foundation
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import XCTest

/// The `settle` binary's tariff and bill commands against a live host over its socket.
final class RatingCLITests: XCTestCase {
    static func file(_ directory: String, _ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Import a URDB rate and simulate it with --json over the socket: the keys the issue
    /// fixes, in dollars, with the hand-computed values of `SimulationTests`.
    func testImportAndSimulateOverTheSocket() async throws {
        try await withRatingHost { host in
            let socket = host.runtime.configuration.socketPath
            let urdb = try Self.file(host.directory, "rate.json", URDBFixture.json)
            let imported = try await SettleCLI.run(["tariff", "import", "--urdb", urdb, "--code", "URDB-TOU"], socket: socket)
            XCTAssertEqual(imported.status, 0, imported.stderr)
            XCTAssertTrue(imported.stdout.contains("URDB-TOU@1 imported as draft, effective 2018-01-01 (new tariff)"), imported.stdout)
            XCTAssertTrue(imported.stdout.contains("- dgrules: not modelled by Settle's tariffs"), imported.stdout)

            let january = SimulationTests.hourly(year: 2018, month: 1, days: 31) { _, hour, weekday in
                ((1...5).contains(weekday) && (16...20).contains(hour) ? "2" : "1", hour == 12 ? "0.5" : "0")
            }
            let load = try Self.file(host.directory, "load.csv", january)
            let run = try await SettleCLI.run(["bill", "simulate", "--tariff", "URDB-TOU", "--load", load, "--json"], socket: socket)
            XCTAssertEqual(run.status, 0, run.stderr)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            // New Year's Day 2018 (a Monday) is on the utility's calendar: see SimulationTests.
            XCTAssertEqual(object["total"] as? String, "130.03")
            let months = try XCTUnwrap(object["months"] as? [[String: Any]])
            XCTAssertEqual(months.count, 1)
            XCTAssertEqual(months[0] as? [String: String], [
                "month": "2018-01", "fixed": "10.00", "energy": "115.50", "demand": "5.00", "minimum": "0.00", "export_credit": "0.47", "total": "130.03",
            ])

            let explained = try await SettleCLI.run(["bill", "simulate", "--tariff", "URDB-TOU@1", "--load", load, "--json", "--explain"], socket: socket)
            let explainedObject = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(explained.stdout.utf8)) as? [String: Any])
            let lines = try XCTUnwrap((explainedObject["months"] as? [[String: Any]])?.first?["lines"] as? [[String: Any]])
            XCTAssertEqual(lines.map { $0["amount"] as? String }, ["10.00", "28.76", "38.34", "22.00", "26.40", "5.00", "-0.47"])
            XCTAssertEqual(lines[1]["quantity"] as? String, "319.5")
            XCTAssertEqual(lines[1]["rate"] as? String, "0.09")

            // A bad row: exit code 3 (INVALID_ARGUMENT) and the line named.
            let bad = try Self.file(host.directory, "bad.csv", "start,delivered_kwh,received_kwh\n2018-01-01T00:00,1,0\n2018-01-01T01:00,-1,0\n")
            let failed = try await SettleCLI.run(["bill", "simulate", "--tariff", "URDB-TOU", "--load", bad, "--json"], socket: socket)
            XCTAssertEqual(failed.status, 3)
            XCTAssertTrue(failed.stderr.contains("line 3: delivered_kwh '-1' is not a non-negative number"), failed.stderr)

            // Test scenarios from the command line: none yet → exit 1.
            let test = try await SettleCLI.run(["tariff", "test", "URDB-TOU@1"], socket: socket)
            XCTAssertEqual(test.status, 1, test.stdout + test.stderr)
        }
    }

    /// A billing run from the command line, then the bill as text, HTML and JSON, and the
    /// register, all over the socket.
    func testBillRunShowAndRegisterOverTheSocket() async throws {
        try await withRatingHost { host in
            try await BillingRunTests.setUpTariffs(host)
            let agreement = host.neighbours.agreement(1, account: "100001", customer: "C1", tariff: "RES-1")
            host.neighbours.determinants(for: agreement, period: "2024-05", from: "2024-05-01", to: "2024-05-31", kwh: 812)
            let socket = host.runtime.configuration.socketPath
            let run = try await SettleCLI.run(["bill", "run", "--cycle", "5", "--period", "2024-05", "--bill-date", "2024-06-03", "--json"], socket: socket)
            XCTAssertEqual(run.status, 0, run.stderr)
            let progress = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(progress["billed"] as? Int, 1)
            XCTAssertEqual(progress["done"] as? Bool, true)

            let text = try await SettleCLI.run(["bill", "show", "B-2024-05-C05-0000001"], socket: socket)
            XCTAssertEqual(text.status, 0, text.stderr)
            XCTAssertTrue(text.stdout.contains("Account 100001"), text.stdout)
            XCTAssertTrue(text.stdout.contains("M1  2024-05-01 10000 (actual)  →  2024-05-31 10812 (actual)   usage 812 kWh"), text.stdout)
            XCTAssertTrue(text.stdout.contains("812 kWh × 0.1"), text.stdout)
            XCTAssertTrue(text.stdout.contains("TOTAL DUE") && text.stdout.contains("91.20"), text.stdout)
            XCTAssertTrue(text.stdout.contains("Due 2024-06-24"), text.stdout)
            let html = try await SettleCLI.run(["bill", "show", "B-2024-05-C05-0000001", "--html"], socket: socket)
            XCTAssertTrue(html.stdout.hasPrefix("<!doctype html>"), html.stdout)
            XCTAssertTrue(html.stdout.contains("<td class=\"amount\">91.20</td>"), html.stdout)
            let json = try await SettleCLI.run(["bill", "show", "B-2024-05-C05-0000001", "--json"], socket: socket)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            XCTAssertEqual((object["rated"] as? [String: Any])?["total_cents"] as? Int, 9_120)

            let register = try await SettleCLI.run(["bill", "register", "--cycle", "5", "--period", "2024-05"], socket: socket)
            XCTAssertTrue(register.stdout.contains("billed 1, held 0, skipped 0"), register.stdout)
            let missing = try await SettleCLI.run(["bill", "show", "B-NOPE"], socket: socket)
            XCTAssertEqual(missing.status, 5)
            XCTAssertTrue(missing.stderr.contains("no bill with id 'B-NOPE'"), missing.stderr)
        }
    }

    /// `settle-driver bench billing --json` against a live host: simulate_ms_35040 measured
    /// over the socket (a debug build here: the figure is printed, not held to the target),
    /// every key the issue names present.
    func testBenchBillingMeasuresSimulation() async throws {
        try BuiltBinary.path("settle-driver")
        try await withRatingHost { host in
            let run = try await BinaryRunner.run(
                "settle-driver", ["bench", "billing", "--socket", host.runtime.configuration.socketPath, "--json", "--repeats", "3", "--skip-billing"],
                options: .init(timeout: nil))
            XCTAssertEqual(run.status, 0)
            let data = Data(run.stdout.utf8)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            for key in ["bills_per_s_register", "bills_per_s_interval_tou", "peak_rss_mb", "simulate_ms_35040"] {
                XCTAssertNotNil(object[key], "missing \(key)")
            }
            let milliseconds = try XCTUnwrap(object["simulate_ms_35040"] as? Double)
            XCTAssertGreaterThan(milliseconds, 0)
            print("simulate_ms_35040 (debug build, in-test host): \(milliseconds)")
        }
    }

    /// Create a tariff and save a draft from JSON, run its scenarios, validate it; the same
    /// person cannot activate it (exit 7, PERMISSION_DENIED).
    func testCreateSaveTestValidateAndMakerChecker() async throws {
        try await withRatingHost { host in
            let socket = host.runtime.configuration.socketPath
            let created = try await SettleCLI.run(["tariff", "create", "CLI-1", "--rate-class", "residential"], socket: socket)
            XCTAssertEqual(created.status, 0, created.stderr)
            let json = """
                {"code": "CLI-1", "effectiveFrom": "2024-01-01", "customerCharge": {"amount": "10"},
                 "energy": {"periods": [{"name": "all", "tiers": [{"rate": "0.1"}]}]},
                 "scenarios": [{"name": "500 kWh", "input": {"periodStart": "2024-01-01", "periodEnd": "2024-01-31", "deliveredWh": "500000"},
                                "expectedTotalCents": "6000"}]}
                """
            let file = try Self.file(host.directory, "version.json", json)
            let saved = try await SettleCLI.run(["tariff", "save", "--file", file], socket: socket)
            XCTAssertEqual(saved.status, 0, saved.stderr)
            XCTAssertTrue(saved.stdout.contains("CLI-1@1 saved as draft, effective 2024-01-01, 1 scenario(s)"), saved.stdout)
            let test = try await SettleCLI.run(["tariff", "test", "CLI-1@1"], socket: socket)
            XCTAssertEqual(test.status, 0, test.stdout + test.stderr)
            XCTAssertTrue(test.stdout.contains("all 1 scenario(s) pass"), test.stdout)
            let validated = try await SettleCLI.run(["tariff", "validate", "CLI-1@1", "--reason", "scenarios reviewed"], socket: socket)
            XCTAssertEqual(validated.status, 0, validated.stderr)
            XCTAssertTrue(validated.stdout.contains("CLI-1@1 is validated"), validated.stdout)
            let activated = try await SettleCLI.run(["tariff", "activate", "CLI-1@1"], socket: socket)
            XCTAssertEqual(activated.status, 7, activated.stdout + activated.stderr)
            XCTAssertTrue(activated.stderr.contains("another person must activate it"), activated.stderr)
        }
    }

    /// The whole billing benchmark at a small scale against a host with the real Accounts
    /// and Metering modules (and the stand-in Collections): the first run stops for a second
    /// person to activate the tariffs; after that it loads the cycles, runs VEE, and times
    /// both billing runs.
    func testBenchBillingEndToEndAtSmallScale() async throws {
        try BuiltBinary.path("settle-driver")
        let host = try await RatingHost.start(realAccountsAndMetering: true)
        do {
            func bench() async throws -> (Int32, String, String) {
                let run = try await BinaryRunner.run(
                    "settle-driver",
                    ["bench", "billing", "--socket", host.runtime.configuration.socketPath, "--json", "--repeats", "1",
                     "--register-accounts", "40", "--tou-accounts", "10"],
                    options: .init(timeout: nil))
                return (run.status, run.stdout, run.stderr)
            }
            let (firstStatus, _, firstError) = try await bench()
            XCTAssertNotEqual(firstStatus, 0)
            XCTAssertTrue(firstError.contains("settle tariff activate BENCH-RES@1"), firstError)
            // A second person activates them.
            for code in ["BENCH-RES", "BENCH-TOU", "BENCH-WATER"] { _ = try await host.checker.activateTariffVersion(host.change(code, 1)) }
            let (status, output, errors) = try await bench()
            XCTAssertEqual(status, 0, errors)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], output + errors)
            XCTAssertGreaterThan(object["bills_per_s_register"] as? Double ?? 0, 0, output)
            XCTAssertGreaterThan(object["bills_per_s_interval_tou"] as? Double ?? 0, 0, output)
            XCTAssertGreaterThan(object["bills_per_s_with_programs"] as? Double ?? 0, 0, output)
            // Cycle 10: 40 accounts, every tenth water (winter averaged), one (the first) totalized
            // with a second premise: 41 agreements, the member billed on its lead's bill.
            let programs = try await host.register(cycle: 10, period: "2024-05")
            XCTAssertEqual(programs.agreements, 41)
            XCTAssertEqual(programs.billed, 40, "\(programs.skips.map(\.reason))")
            XCTAssertEqual(programs.skipped, 1)
            XCTAssertEqual(programs.issuedCents, programs.postedCents)
            // 3 % solar: accounts 1 and 34 of the 40, each bill with its bank statement.
            let solarBills = try await host.bills(cycle: 10, period: "2024-05").filter(\.rated.hasSolar)
            XCTAssertEqual(solarBills.map(\.rated.solar.metering).sorted(), ["net_billing", "net_metering"])
            let register = try await host.register(cycle: 8, period: "2024-05")
            XCTAssertEqual(register.agreements, 40)
            XCTAssertEqual(register.billed, 40, "\(register.skips.map(\.reason))")
            XCTAssertEqual(register.issuedCents, register.postedCents)
            let tou = try await host.register(cycle: 9, period: "2024-05")
            XCTAssertEqual(tou.agreements, 10)
            let touBills = try await host.bills(cycle: 9, period: "2024-05")
            XCTAssertEqual(touBills.filter { $0.status == "issued" }.count, 10, "\(touBills.map(\.holdReasons))")
            XCTAssertEqual(touBills.first?.input.touWh.reduce(0, +), 720_000)
            print("bench billing (debug, small scale): \(output)")
        } catch {
            await host.shutdown()
            throw error
        }
        await host.shutdown()
    }
}
