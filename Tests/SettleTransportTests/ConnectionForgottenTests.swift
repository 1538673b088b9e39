import NIOCore
import SettleRPC
import SettleTestSupport
import SettleWire
import XCTest
@testable import SettleTransport
#if canImport(Glibc)
import Glibc
#endif

/// A connection that ends leaves nothing behind in the server: not in its table of open
/// connections, not in admission's count — whether the peer left at once, after the
/// handshake, or after a call. (A forgotten entry is memory kept per connection ever made.)
final class ConnectionForgottenTests: XCTestCase {
    func testEveryClosedConnectionIsForgotten() async throws {
        try await withServer { server in
            try await offPool {
                for index in 0..<900 {
                    let socket = try RawUnixSocket.transport(server.path)
                    switch index % 3 {
                    case 0: break
                    case 1: _ = try socket.handshake()
                    default:
                        _ = try socket.handshake()
                        let (_, status) = try socket.call(1, TestServer.echo, [1, 2, 3])
                        guard status.code == 0 else { throw RawSocketError(description: "echo ended \(status.code)") }
                    }
                    withExtendedLifetime(socket) {}
                }
            }
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline, server.server.connectionCount > 0 || server.server.admittedCount > 0 {
                try await Task.sleep(for: .milliseconds(20))
            }
            XCTAssertEqual(server.server.connectionCount, 0, "connections still in the server's table")
            XCTAssertEqual(server.server.admittedCount, 0, "connections still counted by admission")
        }
    }
}

