@testable import SettleMetering
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// inventory → pending activation → active → removed, with installs, removals, exchanges
/// and configuration validation refusing activation with every reason.
final class MeterLifecycleTests: XCTestCase {
    func testLifecycleFromInventoryToRemoved() async throws {
        try await withMeteringHost { host in
            let added = try await host.addMeter("E1001")
            XCTAssertEqual(added.status, "inventory")
            XCTAssertEqual(added.multiplier, "1")

            let installed = try await host.install("E1001", premise: "P1", date: "2024-01-10", reads: [.kwhDelivered: 120])
            XCTAssertEqual(installed.meter.status, "pending_activation")
            XCTAssertEqual(installed.meter.premiseID, "P1")
            XCTAssertEqual(installed.recentReads.first?.kind, .install)
            XCTAssertEqual(installed.recentReads.first?.value, 120)

            let active = try await host.activate("E1001")
            XCTAssertEqual(active.meter.status, "active")

            var remove = Settle_Metering_V1_RemoveMeterRequest()
            remove.idempotencyKey = freshKey()
            remove.serial = "E1001"
            remove.date = "2024-06-01"
            remove.reads = channelReads([.kwhDelivered: 4_321])
            let removed = try await host.client.removeMeter(remove)
            XCTAssertEqual(removed.meter.status, "removed")
            XCTAssertEqual(removed.installs.first?.removedOn, "2024-06-01")
            XCTAssertEqual(removed.meter.premiseID, "")

            // The audit trail has every step.
            let records = try await host.store().auditRecords(entity: "meter/E1001")
            XCTAssertEqual(records.count, 4)
        }
    }

    func testAddMeterIsIdempotentAndRejectsBadInput() async throws {
        try await withMeteringHost { host in
            var request = Settle_Metering_V1_AddMeterRequest()
            request.idempotencyKey = "same-key"
            request.serial = "E2001"
            request.serviceType = "electric"
            request.dials = 5
            request.form = "2S"
            let first = try await host.client.addMeter(request)
            let again = try await host.client.addMeter(request)
            XCTAssertEqual(first, again)

            var duplicate = request
            duplicate.idempotencyKey = "other"
            await assertRPCError(.alreadyExists) { try await host.client.addMeter(duplicate) }

            var bad = request
            bad.idempotencyKey = freshKey()
            bad.serial = "E2002"
            bad.ctRatio = "eighty"
            let error = await assertRPCError(.invalidArgument) { try await host.client.addMeter(bad) }
            XCTAssertTrue(error?.message.contains("ct_ratio") == true)

            bad.ctRatio = ""
            bad.serviceType = "gas"
            await assertRPCError(.invalidArgument) { try await host.client.addMeter(bad) }

            bad.serviceType = "water"
            bad.channels = [.kwhDelivered]
            let channelError = await assertRPCError(.invalidArgument) { try await host.client.addMeter(bad) }
            XCTAssertTrue(channelError?.message.contains("kwh_delivered") == true)
        }
    }

    func testActivationRefusedWithEveryReason() async throws {
        try await withMeteringHost { host in
            // Self-contained form with an 80 CT, on a 400 A service, no install read, and a TOU
            // solar rate at the premise that the register meter cannot serve.
            host.book.add(account: "100001", premise: "P9", rateSchedule: "RES-TOU-NEM", start: "2024-01-01")
            try await host.addMeter("E3001", dials: 4, ct: "80", form: "2S", amps: 400)
            try await host.install("E3001", premise: "P9", date: "2024-02-01", reads: [:])

            var validate = Settle_Metering_V1_ValidateMeterRequest()
            validate.serial = "E3001"
            let report = try await host.client.validateMeter(validate)
            XCTAssertFalse(report.valid)
            XCTAssertEqual(report.rateSchedule, "RES-TOU-NEM")
            let codes = Set(report.problems.map(\.code))
            XCTAssertEqual(codes, ["install_read", "multiplier_form", "multiplier_service_size", "tou_capability", "received_channel"])

            let error = await assertRPCError(.failedPrecondition) { try await host.activate("E3001") }
            for code in codes { XCTAssertTrue(error?.message.contains("[\(code)]") == true, "\(code) missing from: \(error?.message ?? "")") }
            let details = try Settle_Metering_V1_ValidateMeterResponse(serializedBytes: error?.details ?? [])
            XCTAssertEqual(details.problems.count, report.problems.count)

            // Still pending: nothing changed.
            var get = Settle_Metering_V1_GetMeterRequest()
            get.serial = "E3001"
            let meter = try await host.client.getMeter(get)
            XCTAssertEqual(meter.meter.status, "pending_activation")
        }
    }

    func testTransformerRatedMeterWithEightyCTValidates() async throws {
        try await withMeteringHost { host in
            host.book.add(account: "100002", premise: "P10", rateSchedule: "GS-DEM", rateClass: "large_commercial", start: "2024-01-01")
            try await host.addMeter("E4001", dials: 5, ct: "80", channels: [.kwhDelivered, .kwDemand], form: "9S", amps: 400)
            try await host.install("E4001", premise: "P10", date: "2024-02-01", reads: [.kwhDelivered: 10])
            let active = try await host.activate("E4001")
            XCTAssertEqual(active.meter.multiplier, "80")
            XCTAssertEqual(active.meter.status, "active")
        }
    }

    func testValidatorRulesAtTheirBoundaries() {
        func meter(form: String, ct: Int64 = 1_000_000, amps: Int, dials: Int = 5) -> MeterRecord {
            MeterRecord(serial: "X", serviceType: .electric, kind: .register, dials: dials, ctRatioMicros: ct, multiplierMicros: ct,
                        channels: ChannelSet([.kwhDelivered]), form: form, serviceAmps: amps)
        }
        let install = InstallRecord(id: 1, meterID: 1, premiseID: "P", serviceType: .electric, installedOn: LocalDate(dayNumber: 0), removedOn: nil)
        func codes(_ m: MeterRecord) -> [String] {
            ConfigurationValidator.validate(meter: m, install: install, installReads: [.kwhDelivered], requirement: nil).map(\.code)
        }
        XCTAssertEqual(codes(meter(form: "2S", amps: 320)), [])
        XCTAssertEqual(codes(meter(form: "2S", amps: 321)), ["multiplier_service_size"])
        // 400:5 CT (80) suits 200–800 A.
        XCTAssertEqual(codes(meter(form: "9S", ct: 80_000_000, amps: 800)), [])
        XCTAssertEqual(codes(meter(form: "9S", ct: 80_000_000, amps: 801)), ["multiplier_service_size"])
        XCTAssertEqual(codes(meter(form: "9S", amps: 400)), ["multiplier_form"])
        // 4 dials hold 10,000 kWh: enough for 200 A (8,928 kWh a month at 25 %), not for 320 A.
        XCTAssertEqual(codes(meter(form: "2S", amps: 200, dials: 4)), [])
        XCTAssertEqual(codes(meter(form: "2S", amps: 320, dials: 4)), ["dials"])
        XCTAssertEqual(codes(meter(form: "ZZ", amps: 200)), ["form_unknown"])
    }

    func testExchangeMovesServiceToTheNewMeter() async throws {
        try await withMeteringHost { host in
            host.book.add(account: "100003", premise: "P11", start: "2024-01-01")
            try await host.ready("E5001", premise: "P11", installed: "2024-01-01", installRead: 500)
            try await host.addMeter("E5002")

            let exchange = meterExchange("E5001", to: "E5002", on: "2024-03-16", removalRead: 1_700, installRead: 3)
            let result = try await host.client.exchangeMeter(exchange)
            XCTAssertEqual(result.removed.status, "removed")
            XCTAssertEqual(result.installed.status, "active")
            XCTAssertEqual(result.installed.premiseID, "P11")

            // An exchange to a meter that fails validation changes nothing.
            try await host.addMeter("E5003", form: "9S")
            var refused = exchange
            refused.idempotencyKey = freshKey()
            refused.oldSerial = "E5002"
            refused.newSerial = "E5003"
            refused.date = "2024-04-01"
            let error = await assertRPCError(.failedPrecondition) { try await host.client.exchangeMeter(refused) }
            XCTAssertTrue(error?.message.contains("9S") == true)
            var get = Settle_Metering_V1_GetMeterRequest()
            get.serial = "E5002"
            let stillThere = try await host.client.getMeter(get)
            XCTAssertEqual(stillThere.meter.status, "active")
        }
    }

    func testMoveOutWithRealAccountsRequestsAFinalRead() async throws {
        try await withMeteringHost(realAccounts: true) { host in
            try await host.addMeter("E6001")
            try await host.install("E6001", premise: "P20", date: "2024-01-02")

            var request = Settle_Metering_V1_RequestServiceReadRequest()
            request.idempotencyKey = "move-out-1"
            request.premiseID = "P20"
            request.serviceType = "electric"
            request.date = "2024-05-31"
            request.kind = "final"
            request.reason = "move-out account 100001"
            let first = try await host.client.requestServiceRead(request)
            let again = try await host.client.requestServiceRead(request)
            XCTAssertEqual(first, again)
            XCTAssertEqual(first.meterSerials, ["E6001"])
            XCTAssertEqual(first.requests.first?.status, "open")

            // Nothing installed: a premise-level request waits for the next meter.
            request.idempotencyKey = "move-in-2"
            request.premiseID = "P21"
            request.kind = "start"
            request.date = "2024-02-01"
            let waiting = try await host.client.requestServiceRead(request)
            XCTAssertEqual(waiting.meterSerials, [""])
            XCTAssertFalse(waiting.note.isEmpty)
            try await host.addMeter("E6002")
            let installed = try await host.install("E6002", premise: "P21", date: "2024-02-01")
            XCTAssertTrue(installed.readRequests.isEmpty, "the install read is the start read")

            // The final read arrives: the request is fulfilled.
            let response = try await host.importFile("meter,read_at,value\nE6001,2024-05-31,900\n", format: .registerCsv)
            XCTAssertEqual(response.readRequestsFulfilled, 1)
        }
    }
}
