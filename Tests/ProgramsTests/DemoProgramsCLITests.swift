import Foundation
import SettleContracts
import SettleHost
import SettleModules
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// The real `settle-driver demo` against a host with every module, over its socket: the
/// programs' cycle is billed for the year before the billed month, so the summary's solar and
/// budget lines show a bank drawn on, a true-up paid and settle-ups — and they are the bills'
/// own figures, read back here from Rating and Programs.
final class DemoProgramsCLITests: XCTestCase {
    func testDemoBillsTheProgramsCycleForAYearAndSummarizesBanksTrueUpsAndSettleUps() async throws {
        // The demo's second person (uid 65534) activates its tariffs; only root can be them.
        try XCTSkipUnless(geteuid() == 0, "the demo's rates analyst (uid 65534) needs the driver to run as root")
        let host = try await TestHost.start(modules: BuiltInModules.all, prefix: "dm") { configuration in
            configuration.access = AccessPolicy(roleByUID: [0: .admin, 65_534: .supervisor])
        }
        do {
            // The second person must reach the socket in the host's folder.
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: host.directory)
            let run = try await BinaryRunner.run("settle-driver", ["demo", "--accounts", "600", "--socket", host.socketPath, "--json"],
                                                 options: .init(timeout: 900))
            XCTAssertEqual(run.status, 0, run.stderr)
            let summary = try run.object()
            let programs = try XCTUnwrap(summary["programs"] as? [String: String], "\(summary.keys.sorted())")
            func leading(_ key: String) -> Int? {
                programs[key].flatMap { Int($0.prefix { $0.isNumber || $0 == "," }.replacingOccurrences(of: ",", with: "")) }
            }
            for key in ["solar bank drawn (kWh)", "solar true-up payouts", "budget settle-up bills", "budget recalculations"] {
                XCTAssertGreaterThan(leading(key) ?? 0, 0, "\(key): \(programs[key] ?? "missing") in \(programs)")
            }
            let billing = try XCTUnwrap(summary["billing"] as? [String: String])
            XCTAssertNotNil(billing.keys.first { $0.hasPrefix("cycle 8, ") }, "\(billing.keys.sorted())")

            // The same figures from the bills themselves.
            let admin = host.transport()
            let enrolments = try await ProgramsV1.Client(transport: admin).listEnrolments(.with { $0.kind = "solar" }).enrolments
            let bills = try await RatingV1.Client(transport: admin).listBills(.with { $0.agreementIds = enrolments.map(\.agreementID); $0.fromPeriod = "2025-10" }).bills
                .filter { $0.status != "cancelled" && $0.rated.solar.metering == "net_metering" }
            let drawn = bills.flatMap(\.rated.solar.banks).reduce(Int64(0)) { $0 + $1.appliedMwh } / 1_000_000
            XCTAssertEqual(leading("solar bank drawn (kWh)"), Int(drawn))
            XCTAssertEqual(leading("solar true-up payouts"), bills.filter { $0.rated.solar.trueUpCreditCents > 0 }.count)
            XCTAssertEqual(Set(bills.map(\.period)).count, 13, "the programs' 12 months and the billed one")
            let plans = try await ProgramsV1.Client(transport: admin).listBudgetPlans(.init()).plans
            let settleUps = plans.flatMap(\.planBills).filter { $0.kind == "settle_up" && !$0.cancelled }.count
            XCTAssertEqual(leading("budget settle-up bills"), settleUps)

            let ledger = try await CollectionsV1.Client(transport: admin).checkLedger(.init())
            XCTAssertTrue(ledger.balanced, "\(ledger.problems)")
        } catch {
            await host.shutdown(keepFiles: false)
            throw error
        }
        await host.shutdown(keepFiles: false)
    }
}
