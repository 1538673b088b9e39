import Foundation
import Logging
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import SettleTransport
import XCTest

final class ShutdownTests: XCTestCase {
    func testGracefulShutdownLetsInFlightCallsFinish() async throws {
        let host = try await TestHost.bare { $0.shutdownGrace = .seconds(5) }
        let connection = try await host.connect()
        let second = try await host.connect()
        let client = DiagnosticsV1.Client(transport: connection)
        let secondClient = DiagnosticsV1.Client(transport: second)
        let sleeps = (0..<4).map { index in
            Task { try await (index.isMultiple(of: 2) ? client : secondClient).sleep(sleepRequest(500)) }
        }
        // Let the HEADERS reach the server before shutdown starts.
        try await Task.sleep(for: .milliseconds(100))
        let start = ContinuousClock.now
        let shutdown = Task { await host.runtime.shutdown() }

        // Once shutdown has begun the socket is gone: new connections cannot be made.
        let unlinked = await eventually(timeout: .seconds(2)) { !FileManager.default.fileExists(atPath: host.socketPath) }
        XCTAssertTrue(unlinked, "the socket file was not removed when shutdown began")
        await assertRPCError(.unavailable) { try await host.connect() }
        // A new call on a connection the server is draining fails with UNAVAILABLE.
        await assertRPCError(.unavailable) { try await client.echo(echoRequest([1])) }

        for sleep in sleeps {
            let response = try await sleep.value
            XCTAssertTrue(response.completed, "an in-flight call was cut short by a graceful shutdown")
            XCTAssertGreaterThanOrEqual(response.sleptMillis, 450)
        }
        await shutdown.value
        let elapsed = ContinuousClock.now - start
        XCTAssertLessThan(elapsed, .seconds(3), "shutdown waited for the grace period although every call had finished")
        XCTAssertEqual(host.runtime.server.connectionCount, 0)
        await assertRPCError(.unavailable) { try await secondClient.echo(echoRequest([2])) }
        await connection.close()
        await second.close()
        try? FileManager.default.removeItem(atPath: host.directory)
    }

    func testShutdownCutsCallsThatOutliveTheGrace() async throws {
        let host = try await TestHost.bare { $0.shutdownGrace = .milliseconds(300) }
        let connection = try await host.connect()
        let client = DiagnosticsV1.Client(transport: connection)
        let before = SleepObserver.shared.cancellations
        let sleep = Task { try await client.sleep(sleepRequest(10_000)) }
        try await Task.sleep(for: .milliseconds(100))
        let start = ContinuousClock.now
        await host.runtime.shutdown()
        let elapsed = ContinuousClock.now - start
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(290))
        XCTAssertLessThan(elapsed, .seconds(3))
        await assertRPCError(.unavailable) { try await sleep.value }
        let cancelled = await eventually { SleepObserver.shared.cancellations > before }
        XCTAssertTrue(cancelled, "the straggler's handler was not cancelled")
        await connection.close()
        try? FileManager.default.removeItem(atPath: host.directory)
    }

    func testSecondHostRefusesLiveSocket() async throws {
        try await withHost { host in
            var configuration = host.runtime.configuration
            configuration.dataDirectory = host.directory + "/b"
            var logger = Logger(label: "settled-test")
            logger.logLevel = .error
            do {
                let second = try await HostRuntime.start(configuration: configuration, modules: [], inMemoryStores: true, logger: logger)
                await second.shutdown()
                XCTFail("a second host took over a live socket")
            } catch {
                XCTAssertTrue("\(error)".contains("already listening"), "\(error)")
            }
            // The first host still serves.
            try await withConnection(host) { connection in
                let response = try await DiagnosticsV1.Client(transport: connection).echo(echoRequest([1]))
                XCTAssertEqual(response.payload, Data([1]))
            }
        }
    }
}
