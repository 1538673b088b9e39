import Foundation
import NIOCore
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import SettleTransport
import SettleWire
import SwiftProtobuf
import XCTest

/// Connection-level limits: the connection cap, the handshake timeout, the idle timeout.
final class ConnectionLimitTests: XCTestCase {
    /// Runs `body` with a connection to `host` kept busy by a 3-second call: at its limit the
    /// host then refuses a new connection, where an idle one would be closed to make room
    /// (WIRE.md §14.1). Both limit tests need that state before they can knock.
    private func withBusyConnection(_ host: TestHost, _ body: (RPCConnection) async throws -> Void) async throws {
        try await withConnection(host) { first in
            let busy = Task { try await DiagnosticsV1.Client(transport: first).sleep(sleepRequest(3_000)) }
            defer { busy.cancel() }
            try await Task.sleep(for: .milliseconds(100))
            try await body(first)
        }
    }

    /// Everything the server sends a raw connection that sends the preface and SETTINGS, up to
    /// the server closing it.
    private func rawAnswer(_ host: TestHost) async throws -> [UInt8] {
        try await offPool { () -> [UInt8] in
            let socket = try RawUnixSocket(path: host.socketPath)
            try socket.send(WireBytes.preface + WireBytes.clientSettings())
            return try socket.readToEOF()
        }
    }

    func testConnectionOverTheLimitIsRefused() async throws {
        try await withHost({ $0.maxConnections = 1 }) { host in
            try await withBusyConnection(host) { first in
                // The refused connection gets the server's preface and a GOAWAY 8 naming the limit.
                let answer = try await rawAnswer(host)
                XCTAssertEqual(Array(answer.prefix(8)), WireBytes.preface)
                let frames = try RawFrame.parse(answer.dropFirst(8))
                let goAwayFrame = try XCTUnwrap(frames.first { $0.type == WireBytes.goAway })
                let goAway = try Settle_Wire_V1_GoAway(serializedBytes: goAwayFrame.payload)
                XCTAssertEqual(goAway.code, 8)
                XCTAssertTrue(goAway.message.contains("too many connections (limit 1)"), goAway.message)
                // The first connection is unaffected.
                let response = try await DiagnosticsV1.Client(transport: first).echo(echoRequest([1]))
                XCTAssertEqual(response.payload, Data([1]))
            }
            // Once it closes, a new connection is admitted.
            let admitted = await eventually { host.runtime.server.connectionCount == 0 }
            XCTAssertTrue(admitted)
            try await withConnection(host) { connection in
                let response = try await DiagnosticsV1.Client(transport: connection).echo(echoRequest([2]))
                XCTAssertEqual(response.payload, Data([2]))
            }
        }
    }

    /// WIRE.md §4.1: a connection over the limit gets "its preface, then a GOAWAY … No SETTINGS
    /// is sent", and RPCConnection.connect documents that "a refused connection (… too many
    /// connections …) fails here with the server's reason".
    func testRefusedConnectionGetsNoSettingsAndConnectFails() async throws {
        try await withHost({ $0.maxConnections = 1 }) { host in
            try await withBusyConnection(host) { _ in
                let answer = try await rawAnswer(host)
                let frames = try RawFrame.parse(answer.dropFirst(8))
                XCTAssertEqual(frames.map(\.type), [WireBytes.goAway], "a refused connection must not get SETTINGS")
                await assertRPCError(.resourceExhausted) {
                    let refused = try await host.connect()
                    await refused.close()
                }
            }
        }
    }

    func testHandshakeTimeout() async throws {
        try await withHost({ $0.handshakeTimeout = .milliseconds(200) }) { host in
            // Preface but no SETTINGS: GOAWAY 4 after the timeout.
            let start = ContinuousClock.now
            let answer = try await offPool { () -> [UInt8] in
                let socket = try RawUnixSocket(path: host.socketPath)
                try socket.send(WireBytes.preface)
                return try socket.readToEOF()
            }
            XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(150))
            XCTAssertLessThan(ContinuousClock.now - start, .seconds(3))
            let frames = try RawFrame.parse(answer.dropFirst(8))
            XCTAssertEqual(frames.map(\.type), [WireBytes.settings, WireBytes.goAway])
            let goAway = try Settle_Wire_V1_GoAway(serializedBytes: try XCTUnwrap(frames.last).payload)
            XCTAssertEqual(goAway.code, 4)
            // Nothing at all: closed without a word.
            let silent = try await offPool { () -> [UInt8] in
                try RawUnixSocket(path: host.socketPath).readToEOF()
            }
            XCTAssertEqual(silent, [])
        }
    }

    func testIdleConnectionIsClosedAndReconnectWorks() async throws {
        try await withHost({ $0.idleTimeout = .milliseconds(200) }) { host in
            let connection = try await host.connect()
            let client = DiagnosticsV1.Client(transport: connection)
            _ = try await client.echo(echoRequest([1]))
            // A call longer than the idle timeout is not cut: idleness means no open calls.
            let slept = try await client.sleep(sleepRequest(400))
            XCTAssertTrue(slept.completed)
            let closed = await eventually(timeout: .seconds(3)) { !connection.channel.isActive }
            XCTAssertTrue(closed, "the idle connection was not closed")
            await assertRPCError(.unavailable) { try await client.echo(echoRequest([2])) }
            await connection.close()
            try await withConnection(host) { fresh in
                let response = try await DiagnosticsV1.Client(transport: fresh).echo(echoRequest([3]))
                XCTAssertEqual(response.payload, Data([3]))
            }
        }
    }
}
