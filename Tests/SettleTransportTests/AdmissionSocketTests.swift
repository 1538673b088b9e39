import NIOCore
import SettleRPC
import SettleTestSupport
import SettleWire
import SwiftProtobuf
import XCTest
@testable import SettleTransport
#if canImport(Glibc)
import Glibc
#endif

/// No lock-out over a real socket: a flooding viewer (uid 65534, connecting from a thread that
/// acts as that uid) cannot keep an admin (this process, root) out.
final class AdmissionSocketTests: XCTestCase {
    private let viewerUID: UInt32 = 65534

    override func setUp() async throws {
        guard getuid() == 0 else { throw XCTSkip("connecting as another uid needs root") }
    }

    private func configure(_ configuration: inout ServerConfiguration) {
        configuration.maxConnections = 20
        configuration.connectionLimits = ConnectionLimits(reservedForPrivileged: 4, maxPerUID: 100)
    }

    /// Opens `count` viewer connections; returns the served ones (first frame SETTINGS) and
    /// the GOAWAY codes of the refused ones.
    private func flood(_ path: String, count: Int, call: MethodDescriptor?) async throws -> (served: [RawUnixSocket], refused: [Int32]) {
        let uid = viewerUID
        return try await offPool {
            var served: [RawUnixSocket] = []
            var refused: [Int32] = []
            for index in 0..<count {
                let socket = try RawUnixSocket.transport(path, asUID: uid)
                let first = try socket.handshake()
                if first.type == .settings {
                    if let call { try socket.send(Frames.bytes(Frames.headers(1, method: call.fullName)) + Frames.bytes(Frames.message(1, [UInt8(index & 0xFF)]))) }
                    served.append(socket)
                } else {
                    refused.append(try Settle_Wire_V1_GoAway(serializedBytes: Array(first.payload.readableBytesView)).code)
                }
            }
            return (served, refused)
        }
    }

    func testAdminConnectsWhileAViewerFloodsWithBusyConnections() async throws {
        try await withServer(configure) { server in
            let (served, refused) = try await flood(server.path, count: 30, call: TestServer.hold)
            XCTAssertEqual(served.count, 16, "viewers share 20 − 4 reserved slots")
            XCTAssertEqual(refused, Array(repeating: StatusCode.resourceExhausted.rawValue, count: 14))
            let admin = try await RPCConnection.connect(to: server.path)
            let actor = try await admin.unary(TestServer.whoAmI, request: [], options: .defaults)
            XCTAssertEqual(String(decoding: actor, as: UTF8.self), "uid:0")
            await admin.close()
            withExtendedLifetime(served) {}
        }
    }

    func testIdleConnectionsAreClosedOldestFirstToMakeRoom() async throws {
        try await withServer(configure) { server in
            let (idle, refused) = try await flood(server.path, count: 16, call: nil)
            XCTAssertEqual(idle.count, 16)
            XCTAssertEqual(refused, [])
            // A 17th viewer gets in: the oldest idle connection is told why and closed.
            let (late, lateRefused) = try await flood(server.path, count: 1, call: nil)
            XCTAssertEqual(late.count, 1)
            XCTAssertEqual(lateRefused, [])
            let oldest = idle[0]
            let goAway = try await offPool { try oldest.readWireFrame() }
            XCTAssertEqual(goAway.type, .goAway)
            let message = try Settle_Wire_V1_GoAway(serializedBytes: Array(goAway.payload.readableBytesView))
            XCTAssertEqual(message.code, StatusCode.unavailable.rawValue)
            XCTAssertTrue(message.message.contains("make room"), message.message)
        }
    }

    func testSilentConnectionsCountOnlyUntilTheHandshakeTimeout() async throws {
        try await withServer({ configuration in
            self.configure(&configuration)
            configuration.handshakeTimeout = .milliseconds(300)
        }) { server in
            let path = server.path
            let uid = viewerUID
            let silent = try await offPool { try (0..<16).map { _ in try RawUnixSocket.transport(path, asUID: uid) } }
            let refusedWhileSilent = try await flood(path, count: 1, call: nil)
            XCTAssertEqual(refusedWhileSilent.refused, [StatusCode.resourceExhausted.rawValue], "handshakes are counted and never evicted")
            try await Task.sleep(for: .milliseconds(700))
            XCTAssertEqual(server.server.admittedCount, 0, "silent connections closed at the handshake timeout")
            let after = try await flood(path, count: 1, call: nil)
            XCTAssertEqual(after.served.count, 1)
            withExtendedLifetime(silent) {}
        }
    }
}
