import NIOCore
import SettleRPC
import SettleTestSupport
import SettleWire
import SwiftProtobuf
import XCTest
@testable import SettleTransport

/// The server obeys what the client advertised in SETTINGS.
final class PeerSettingsSocketTests: XCTestCase {
    func testReplyAboveTheClientsMessageLimitFailsTheCallNotTheConnection() async throws {
        try await withServer { server in
            let path = server.path
            let (first, second) = try await offPool { () -> (Settle_Wire_V1_CallStatus, Settle_Wire_V1_CallStatus) in
                let socket = try RawUnixSocket.transport(path)
                _ = try socket.handshake(Frames.settings(maxMessage: 100, zlib: false))
                let (messages, big) = try socket.call(1, TestServer.echo, [UInt8](repeating: 7, count: 8000))
                guard messages.isEmpty else { throw RawSocketError(description: "a reply above the limit was sent") }
                let (_, small) = try socket.call(3, TestServer.echo, [UInt8](repeating: 7, count: 100))
                return (big, small)
            }
            XCTAssertEqual(first.code, StatusCode.resourceExhausted.rawValue)
            XCTAssertEqual(first.message, "response of 8000 bytes exceeds the client's maximum message size of 100 bytes")
            XCTAssertEqual(second.code, 0, "the connection survives")
        }
    }

    func testReplyAboveTheClientsFrameLimitFailsAndStatusFramesFit() async throws {
        try await withServer { server in
            let path = server.path
            let (status, unknown, largest) = try await offPool { () -> (Settle_Wire_V1_CallStatus, Settle_Wire_V1_CallStatus, Int) in
                let socket = try RawUnixSocket.transport(path)
                _ = try socket.handshake(Frames.settings(maxFrame: 4096, zlib: false))
                let (_, status) = try socket.call(1, TestServer.echo, [UInt8](repeating: 7, count: 5000))
                // A long method name is not echoed back at its own size.
                let long = String(repeating: "m", count: 100_000)
                try socket.send(Frames.bytes(Frames.headers(3, method: "/t.v1.T/" + long)))
                var largest = 0
                while true {
                    let frame = try socket.readWireFrame()
                    largest = max(largest, frame.payload.readableBytes)
                    if frame.type == .trailers && frame.streamID == 3 {
                        return (status, try Settle_Wire_V1_CallStatus(serializedBytes: Array(frame.payload.readableBytesView)), largest)
                    }
                }
            }
            XCTAssertEqual(status.code, StatusCode.resourceExhausted.rawValue)
            XCTAssertTrue(status.message.contains("maximum frame size of 4096"), status.message)
            XCTAssertEqual(unknown.code, StatusCode.unimplemented.rawValue)
            XCTAssertLessThanOrEqual(largest, 4096)
            XCTAssertLessThan(unknown.message.utf8.count, 200, unknown.message)
        }
    }

    func testClientRefusesARequestAboveTheServersLimits() async throws {
        try await withServer({ $0.limits.maxMessageBytes = 1000 }) { server in
            let connection = try await RPCConnection.connect(to: server.path)
            do {
                _ = try await connection.unary(TestServer.echo, request: [UInt8](repeating: 1, count: 1001), options: .defaults)
                XCTFail("sent a request above the server's limit")
            } catch let error as RPCError {
                XCTAssertEqual(error.code, .resourceExhausted)
                XCTAssertEqual(error.message, "request of 1001 bytes exceeds the server's maximum message size of 1000 bytes")
            }
            let echoed = try await connection.unary(TestServer.echo, request: [9], options: .defaults)
            XCTAssertEqual(echoed, [9])
            await connection.close()
        }
    }
}
