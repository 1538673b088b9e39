import SettleContracts
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf
import XCTest

@testable import SettleMetering

final class MeterLoadTests: XCTestCase {
    private func record(_ serial: String, premise: String, form: String = "2S", ct: String = "", amps: UInt32 = 200, schedule: String = "RES", installDate: String = "2025-08-01") -> Settle_Metering_V1_LoadMeterRecord {
        .with {
            $0.meter.serial = serial
            $0.meter.serviceType = "electric"
            $0.meter.kind = "register"
            $0.meter.dials = 6
            $0.meter.ctRatio = ct
            $0.meter.form = form
            $0.meter.serviceAmps = amps
            $0.premiseID = premise
            $0.installDate = installDate
            $0.installReads = [.with { $0.channel = .kwhDelivered; $0.value = 4_321 }]
            $0.activate = true
            $0.rateSchedule = schedule
        }
    }

    func testMetersLoadActivateOrListEveryProblemAndAReloadChangesNothing() async throws {
        try await withMeteringHost { host in
            let good = record("E1", premise: "DP1")
            let wrongCT = record("E2", premise: "DP2", form: "9S", ct: "1", amps: 400, schedule: "LGS")
            let badDate = record("E3", premise: "DP3", installDate: "2025-13-01")
            let ct80 = record("E4", premise: "DP4", form: "9S", ct: "80", amps: 400, schedule: "LGS")
            let request = Settle_Metering_V1_LoadMetersRequest.with {
                $0.idempotencyKey = "meters-1"
                $0.meters = [good, wrongCT, badDate, ct80]
            }
            let first = try await host.client.loadMeters(request)
            XCTAssertEqual(first.activated, 2)
            XCTAssertEqual(first.pendingActivation, 1)
            XCTAssertEqual(first.rejected, 1)
            XCTAssertEqual(first.exceptions.map(\.serial), ["E2", "E3"])
            XCTAssertEqual(first.exceptions.map(\.outcome), ["pending_activation", "rejected"])
            XCTAssertEqual(first.exceptions[0].problems.map(\.code), ["multiplier_form"])
            XCTAssertTrue(first.exceptions[1].reason.contains("install_date"), first.exceptions[1].reason)

            let active = try await host.client.getMeter(.with { $0.serial = "E4" })
            XCTAssertEqual(active.meter.status, "active")
            XCTAssertEqual(active.meter.multiplier, "80")
            XCTAssertEqual(active.recentReads.first?.value, 4_321)
            XCTAssertEqual(active.recentReads.first?.kind, .install)
            let refused = try await host.client.getMeter(.with { $0.serial = "E2" })
            XCTAssertEqual(refused.meter.status, "pending_activation")
            await XCTAssertThrowsErrorAsync(try await host.client.getMeter(.with { $0.serial = "E3" }))

            var again = request
            again.idempotencyKey = "meters-2"
            let second = try await host.client.loadMeters(again)
            XCTAssertEqual(second.alreadyLoaded, 3)
            XCTAssertEqual(second.rejected, 1)
            XCTAssertEqual(second.activated, 0)
            let audit = try await host.store().auditRecords(limit: 1_000)
            XCTAssertEqual(audit.filter { $0.method.hasSuffix("/LoadMeters") }.map(\.entity).sorted(), ["meter/E1", "meter/E2", "meter/E4"])
        }
    }
}

private func XCTAssertThrowsErrorAsync<T>(_ expression: @autoclosure () async throws -> T, file: StaticString = #filePath, line: UInt = #line) async {
    do {
        _ = try await expression()
        XCTFail("no error thrown", file: file, line: line)
    } catch {}
}
