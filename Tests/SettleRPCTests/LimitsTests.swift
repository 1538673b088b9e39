import Foundation
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import SettleTransport
import SettleWire
import SwiftProtobuf
import XCTest

/// The configurable limits a server enforces on its peers: each is answered with the
/// documented status and leaves the server serving.
final class LimitsTests: XCTestCase {
    private func goAway(in bytes: [UInt8]) throws -> Settle_Wire_V1_GoAway? {
        guard bytes.count >= 8, Array(bytes.prefix(8)) == WireBytes.preface else { return nil }
        let frames = try RawFrame.parse(bytes.dropFirst(8))
        return try frames.first { $0.type == WireBytes.goAway }.map { try Settle_Wire_V1_GoAway(serializedBytes: $0.payload) }
    }

    func testConnectionOverTheLimitGetsGoAwayResourceExhausted() async throws {
        try await withHost({ $0.maxConnections = 2 }) { host in
            let first = try await host.connect()
            let second = try await host.connect()
            // Both busy: idle connections would be closed to make room (WIRE.md §14.1).
            let busy = [first, second].map { connection in
                Task { try await DiagnosticsV1.Client(transport: connection).sleep(sleepRequest(3_000)) }
            }
            defer { for task in busy { task.cancel() } }
            try await Task.sleep(for: .milliseconds(100))
            let refused = await assertRPCError(.resourceExhausted) { try await host.connect() }
            XCTAssertTrue(refused?.message.contains("too many connections (limit 2)") ?? false, refused?.message ?? "")
            // The two admitted connections keep working, and a slot frees when one closes.
            _ = try await DiagnosticsV1.Client(transport: first).echo(echoRequest([1]))
            await second.close()
            let freed = await eventually { host.runtime.server.connectionCount <= 1 }
            XCTAssertTrue(freed)
            let third = try await host.connect()
            _ = try await DiagnosticsV1.Client(transport: third).echo(echoRequest([2]))
            await third.close()
            await first.close()
        }
    }

    func testConcurrentStreamsOverTheLimitAreRefusedPerCall() async throws {
        try await withHost({ $0.limits.maxConcurrentStreams = 4 }) { host in
            try await withConnection(host) { connection in
                let client = DiagnosticsV1.Client(transport: connection)
                let outcomes = await withTaskGroup(of: StatusCode.self) { group in
                    for _ in 0..<6 {
                        group.addTask {
                            do {
                                _ = try await client.sleep(sleepRequest(300))
                                return .ok
                            } catch let error as RPCError {
                                return error.code
                            } catch {
                                return .unknown
                            }
                        }
                    }
                    var codes: [StatusCode] = []
                    for await code in group { codes.append(code) }
                    return codes
                }
                XCTAssertEqual(outcomes.filter { $0 == .ok }.count, 4, "\(outcomes)")
                XCTAssertEqual(outcomes.filter { $0 == .resourceExhausted }.count, 2, "\(outcomes)")
                // Once the calls end, new ones are admitted again on the same connection.
                _ = try await client.echo(echoRequest([9]))
            }
        }
    }

    func testSilentClientIsClosedAfterTheHandshakeTimeout() async throws {
        try await withHost({ $0.handshakeTimeout = .milliseconds(200) }) { host in
            let started = ContinuousClock.now
            let bytes = try await offPool {
                let socket = try RawUnixSocket(path: host.socketPath, receiveTimeout: 5)
                return try socket.readToEOF()
            }
            XCTAssertTrue(bytes.isEmpty, "a client that never sent its preface gets nothing back")
            XCTAssertLessThan(ContinuousClock.now - started, .seconds(4), "closed by the handshake timeout, not the read timeout")
        }
    }

    func testClientWithoutSettingsGetsGoAwayAfterTheHandshakeTimeout() async throws {
        try await withHost({ $0.handshakeTimeout = .milliseconds(200) }) { host in
            let bytes = try await offPool {
                let socket = try RawUnixSocket(path: host.socketPath, receiveTimeout: 5)
                try socket.send(WireBytes.preface)
                return try socket.readToEOF()
            }
            let goAway = try XCTUnwrap(try goAway(in: bytes))
            XCTAssertEqual(goAway.code, StatusCode.deadlineExceeded.rawValue)
            XCTAssertTrue(goAway.message.contains("SETTINGS"), goAway.message)
        }
    }

    func testIdleConnectionIsClosedWithGoAwayUnavailable() async throws {
        try await withHost({ $0.idleTimeout = .milliseconds(300) }) { host in
            let bytes = try await offPool {
                let socket = try RawUnixSocket(path: host.socketPath, receiveTimeout: 5)
                try socket.send(WireBytes.preface + WireBytes.clientSettings())
                return try socket.readToEOF()
            }
            let goAway = try XCTUnwrap(try goAway(in: bytes))
            XCTAssertEqual(goAway.code, StatusCode.unavailable.rawValue)
            XCTAssertTrue(goAway.message.contains("idle"), goAway.message)
        }
    }

    func testIdleTimeoutDoesNotCutALongCall() async throws {
        try await withHost({ $0.idleTimeout = .milliseconds(200) }) { host in
            try await withConnection(host) { connection in
                let response = try await DiagnosticsV1.Client(transport: connection).sleep(sleepRequest(600))
                XCTAssertTrue(response.completed)
            }
        }
    }

    func testOversizedFrameLimitIsConfigurable() async throws {
        try await withHost({ $0.limits.maxFrameBytes = 4096 }) { host in
            let bytes = try await offPool {
                let socket = try RawUnixSocket(path: host.socketPath)
                try socket.send(WireBytes.preface + WireBytes.clientSettings() + RawFrame.header(type: WireBytes.message, streamID: 1, length: 4097))
                return try socket.readToEOF()
            }
            let goAway = try XCTUnwrap(try goAway(in: bytes))
            XCTAssertEqual(goAway.code, StatusCode.resourceExhausted.rawValue)
            XCTAssertTrue(goAway.message.contains("4097") && goAway.message.contains("4096"), goAway.message)
        }
    }
}
