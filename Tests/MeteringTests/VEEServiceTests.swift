@testable import SettleMetering
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// VEE through the contract: a cycle run, the exception list, each resolution, thresholds
/// per rate class, and the determinants Rating reads with held bills marked.
final class VEEServiceTests: XCTestCase {
    /// Three premises on cycle 5 with 13 months of 10 kWh/day history; May 2024 is read on
    /// 2024-05-07 (the 5th weekday). P1 is normal, P2 uses 3× its history, P3 was not read.
    private func cycleFive(_ body: (MeteringHost) async throws -> Void) async throws {
        try await withMeteringHost { host in
            let schedule = ReadSchedule(cycle: 5)
            let may = YearMonth(year: 2024, month: 5)!
            var csv = "meter,read_at,value\n"
            for (index, premise) in ["P1", "P2", "P3"].enumerated() {
                let serial = "E\(index + 1)"
                try await host.ready(serial, premise: premise, installed: "2023-03-01", installRead: 0)
                host.book.add(account: "10000\(index + 1)", premise: premise, start: "2023-03-01", cycle: 5)
                var value: Int64 = 0
                var previous = LocalDate("2023-03-01")!
                for back in stride(from: 13, through: 0, by: -1) {
                    let date = schedule.readDate(may.adding(months: -back))
                    let perDay: Int64 = back == 0 && premise == "P2" ? 30 : 10
                    value += perDay * Int64(date - previous)
                    previous = date
                    if back == 0 && premise == "P3" { continue }
                    csv += "\(serial),\(date),\(value)\n"
                }
            }
            let imported = try await host.importFile(csv, format: .registerCsv, chunkSize: 4_096)
            XCTAssertTrue(imported.committed, "\(imported.rejected)")
            try await body(host)
        }
    }

    func testRunListResolveAndDeterminants() async throws {
        try await cycleFive { host in
            let summary = try await host.runVee("2024-05")
            XCTAssertEqual(summary.readDate, "2024-05-07")
            XCTAssertEqual(summary.agreements, 3)
            XCTAssertEqual(summary.passed, 1)
            XCTAssertEqual(summary.held, 2)
            // P2 is high against both references: last year and the last three periods.
            XCTAssertEqual(summary.byType, ["high_use": 2, "missing_read": 1])

            let open = try await host.veeExceptions()
            XCTAssertEqual(open.filter { $0.type == "high_use" }.map(\.basis), ["last_year", "average"])
            let high = try XCTUnwrap(open.first { $0.type == "high_use" })
            XCTAssertEqual(high.accountNumber, "100002")
            XCTAssertEqual(high.meterSerial, "E2")
            XCTAssertTrue(high.blocking)
            XCTAssertFalse(high.rootCause.isEmpty)
            XCTAssertFalse(high.action.isEmpty)
            XCTAssertTrue(high.comparedWith.contains("last year"), high.comparedWith)
            let missing = try XCTUnwrap(open.first { $0.type == "missing_read" })
            XCTAssertEqual(missing.estimates.map(\.method), ["last_year", "average_daily"])
            XCTAssertEqual(missing.readDate, "2024-05-07")

            // Determinants: P1 billed, P2 and P3 held with the reasons.
            var all = try await host.determinants("2024-05")
            XCTAssertEqual(all.map(\.accountNumber), ["100001", "100002", "100003"])
            XCTAssertEqual(all.map(\.held), [false, true, true])
            XCTAssertEqual(all[0].deliveredWh, 320_000)
            XCTAssertEqual(all[0].periodStart, "2024-04-05")
            XCTAssertEqual(all[0].days, 32)
            XCTAssertEqual(all[1].deliveredWh, 960_000)
            XCTAssertTrue(all[1].holdReasons[0].hasPrefix("high_use"))

            // Accept the high use; estimate the missing read.
            let accepted = try await host.resolveException(high.id, "accept")
            XCTAssertEqual(accepted.exception.status, "accepted")
            for other in open where other.type == "high_use" && other.id != high.id { _ = try await host.resolveException(other.id, "accept") }
            XCTAssertTrue(accepted.exception.resolution.contains("route sheet"))
            let estimated = try await host.resolveException(missing.id, "estimate")
            XCTAssertEqual(estimated.read.kind, .estimated)
            XCTAssertEqual(estimated.read.value, missing.estimates[0].registerValue)
            await assertRPCError(.failedPrecondition) { try await host.resolveException(missing.id, "accept") }

            // A re-run keeps those decisions and now finds every bill clear.
            let again = try await host.runVee("2024-05")
            XCTAssertEqual(again.held, 0, "\(again.byType)")
            all = try await host.determinants("2024-05")
            XCTAssertEqual(all.map(\.held), [false, false, false])
            XCTAssertTrue(all[2].estimated)
            XCTAssertEqual(all[2].deliveredWh, 320_000)
            let history = try await host.veeExceptions(includeResolved: true)
            XCTAssertEqual(Set(history.map(\.status)), ["accepted", "estimated"])

            // Every resolution is in the audit trail.
            let audit = try await host.store().auditRecords(entity: "vee_exception/\(high.id)")
            XCTAssertEqual(audit.count, 1)
            XCTAssertEqual(audit.first?.reason, "checked with the route sheet")
        }
    }

    func testEditAndRereadResolutions() async throws {
        try await cycleFive { host in
            _ = try await host.runVee("2024-05")
            let open = try await host.veeExceptions()
            let high = try XCTUnwrap(open.first { $0.type == "high_use" })
            let missing = try XCTUnwrap(open.first { $0.type == "missing_read" })

            // Edit: the reader keyed 9,600 instead of 3,200 units... put the right value.
            let edited = try await host.resolveException(high.id, "edit", value: 4_480)
            XCTAssertEqual(edited.read.kind, .edited)
            XCTAssertEqual(edited.read.value, 4_480)
            await assertRPCError(.invalidArgument) { try await host.resolveException(missing.id, "edit", value: 1_000_000) }

            // Re-read: the exception keeps holding the bill, and a field request is open.
            let reread = try await host.resolveException(missing.id, "reread")
            XCTAssertEqual(reread.exception.status, "reread_requested")
            var get = Settle_Metering_V1_GetMeterRequest()
            get.serial = "E3"
            let meter = try await host.client.getMeter(get)
            XCTAssertEqual(meter.readRequests.map(\.kind), ["reread"])

            let summary = try await host.runVee("2024-05")
            XCTAssertEqual(summary.held, 1, "the missing read still holds P3's bill")
            let still = try await host.veeExceptions()
            XCTAssertEqual(still.map(\.status), ["reread_requested"])

            // Unknown action, missing reason.
            await assertRPCError(.invalidArgument) { try await host.resolveException(missing.id, "ignore") }
            var noReason = Settle_Metering_V1_ResolveVeeExceptionRequest()
            noReason.idempotencyKey = freshKey()
            noReason.exceptionID = missing.id
            noReason.action = "accept"
            await assertRPCError(.invalidArgument) { try await host.client.resolveVeeException(noReason) }
        }
    }

    func testThresholdsPerRateClassAndAutoEstimate() async throws {
        try await cycleFive { host in
            var set = Settle_Metering_V1_SetVeeThresholdsRequest()
            set.idempotencyKey = freshKey()
            set.thresholds.rateClass = "residential"
            set.thresholds.highUsePercent = 350
            let saved = try await host.client.setVeeThresholds(set)
            XCTAssertEqual(saved.highUsePercent, 350)
            XCTAssertEqual(saved.lowUsePercent, 40, "unset fields keep the default")
            var get = Settle_Metering_V1_GetVeeThresholdsRequest()
            get.rateClass = "residential"
            let fetched = try await host.client.getVeeThresholds(get)
            XCTAssertEqual(fetched.highUsePercent, 350)
            get.rateClass = "industrial"
            let fallback = try await host.client.getVeeThresholds(get)
            XCTAssertEqual(fallback.highUsePercent, 200)

            set.idempotencyKey = freshKey()
            set.thresholds.highUsePercent = 90
            await assertRPCError(.invalidArgument) { try await host.client.setVeeThresholds(set) }
            await assertRPCError(.permissionDenied) { try await host.client(role: .clerk).setVeeThresholds(set) }

            // 300 % is within a 350 % limit; the missing read is estimated by the run itself.
            let summary = try await host.runVee("2024-05", autoEstimate: true)
            XCTAssertEqual(summary.held, 0)
            XCTAssertEqual(summary.estimated, 1)
            let list = try await host.veeExceptions(includeResolved: true)
            XCTAssertEqual(list.map(\.type), ["missing_read"])
            XCTAssertEqual(list.first?.status, "estimated")
        }
    }

    func testRunNeedsAValidCycleAndPeriod() async throws {
        try await withMeteringHost { host in
            var request = Settle_Metering_V1_RunVeeRequest()
            request.idempotencyKey = freshKey()
            request.cycle = 21
            request.period = "2024-05"
            await assertRPCError(.invalidArgument) { try await host.client.runVee(request) }
            request.cycle = 5
            request.period = "May 2024"
            await assertRPCError(.invalidArgument) { try await host.client.runVee(request) }
            await assertRPCError(.failedPrecondition) { try await host.determinants("2024-05") }
        }
    }
}
