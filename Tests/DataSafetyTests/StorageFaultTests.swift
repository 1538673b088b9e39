import Foundation
import SettleContracts
import SettleHost
import SettleRPC
import SwiftProtobuf
import XCTest

/// Storage faults on a real device: a full tmpfs and a read-only remount. Writes answer
/// RESOURCE_EXHAUSTED or UNAVAILABLE naming the cause and the module, health says which module
/// cannot write and why, and the module writes again by itself once the fault clears.
final class StorageFaultTests: XCTestCase {
    func testAFullDiskIsResourceExhaustedNamedInHealthAndHealsByItself() async throws {
        let device = try TmpfsMount(sizeKiB: 8_192)
        defer { device.unmount() }
        let host = try await SafetyHost.start(directory: device.path + "/data") { $0.socketPath = device.path + ".sock" }
        let accounts = host.client(AccountsV1.Client.self)
        _ = try await accounts.createCustomer(Self.customer("before"))

        let filler = try device.fill()
        var refusal: RPCError?
        for index in 0..<200 where refusal == nil {
            do {
                _ = try await accounts.createCustomer(Self.customer("full-\(index)", padding: 4_000))
            } catch let error as RPCError {
                refusal = error
            }
        }
        let error = try XCTUnwrap(refusal, "200 writes succeeded on a full device")
        XCTAssertEqual(error.code, .resourceExhausted)
        XCTAssertTrue(error.message.contains("database or disk is full in module accounts"), error.message)
        XCTAssertFalse(error.message.contains(device.path), "the path stays in the host's log: \(error.message)")

        let sick = try await host.host.health(.init())
        XCTAssertEqual(sick.status, "NOT_SERVING")
        let module = try XCTUnwrap(sick.modules.first { $0.name == "accounts" })
        XCTAssertEqual(module.status, "NOT_SERVING")
        XCTAssertEqual(module.writes, "NOT_SERVING")
        XCTAssertTrue(module.detail.contains("database or disk is full"), module.detail)
        // A write while the fault stands is refused at once, with the same answer.
        do {
            _ = try await accounts.createCustomer(Self.customer("while-full"))
            XCTFail("a write succeeded on a full device")
        } catch let again as RPCError {
            XCTAssertEqual(again.code, .resourceExhausted)
        }

        try FileManager.default.removeItem(atPath: filler)
        let healed = try await Self.waitForServing(host, seconds: 15)
        XCTAssertEqual(healed.status, "SERVING", "\(healed.modules.map { "\($0.name): \($0.detail)" })")
        let created = try await accounts.createCustomer(Self.customer("after"))
        XCTAssertEqual(created.customer.name, "after")
        await host.shutdown()
    }

    func testAReadOnlyFolderIsUnavailableNamedInHealthAndHealsWhenWritable() async throws {
        let device = try TmpfsMount(sizeKiB: 16_384)
        defer { device.unmount() }
        let data = device.path + "/data"
        let first = try await SafetyHost.start(directory: data) { $0.socketPath = device.path + ".sock" }
        let id = try await first.client(AccountsV1.Client.self).createCustomer(Self.customer("kept")).customer.id
        await first.shutdown()

        try device.remount(readOnly: true)
        let host = try await SafetyHost.start(directory: data) { $0.socketPath = device.path + ".sock" }
        let accounts = host.client(AccountsV1.Client.self)
        let health = try await host.host.health(.init())
        XCTAssertEqual(health.status, "NOT_SERVING")
        for module in health.modules where ["accounts", "collections", "metering", "programs", "rating"].contains(module.name) {
            XCTAssertEqual(module.writes, "NOT_SERVING", module.name)
            XCTAssertTrue(module.detail.contains("in module \(module.name)"), module.detail)
        }
        // Reads still work; writes are refused with the cause.
        let kept = try await accounts.getCustomer(.with { $0.customerID = id })
        XCTAssertEqual(kept.customer.name, "kept")
        do {
            _ = try await accounts.createCustomer(Self.customer("refused"))
            XCTFail("a write succeeded on a read-only folder")
        } catch let error as RPCError {
            XCTAssertEqual(error.code, .unavailable)
            XCTAssertTrue(error.message.contains("in module accounts"), error.message)
        }

        try device.remount(readOnly: false)
        let healed = try await Self.waitForServing(host, seconds: 15)
        XCTAssertEqual(healed.status, "SERVING", "\(healed.modules.map { "\($0.name): \($0.detail)" })")
        let created = try await accounts.createCustomer(Self.customer("refused"))
        XCTAssertEqual(created.customer.name, "refused")
        let stillKept = try await accounts.getCustomer(.with { $0.customerID = id })
        XCTAssertEqual(stillKept.customer.name, "kept")
        await host.shutdown()
    }

    static func customer(_ name: String, padding: Int = 0) -> Settle_Accounts_V1_CreateCustomerRequest {
        .with {
            $0.idempotencyKey = "fault-\(name)"
            $0.kind = "person"
            $0.name = name
            $0.contact.phone = "217-555-0100"
            $0.contact.mailingAddress = .with {
                $0.line1 = "1 Fault St"
                $0.line2 = String(repeating: "x", count: min(padding, 200))
                $0.city = "Springfield"
                $0.state = "IL"
                $0.postalCode = "62701"
            }
            $0.contact.email = padding > 0 ? "\(name)@example.com" : ""
        }
    }

    static func waitForServing(_ host: SafetyHost, seconds: Int) async throws -> Settle_Host_V1_HealthResponse {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var health = try await host.host.health(.init())
        while health.status != "SERVING", ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            health = try await host.host.health(.init())
        }
        return health
    }
}
