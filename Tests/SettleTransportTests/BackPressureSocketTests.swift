import NIOCore
import SettleRPC
import SettleTestSupport
import SettleWire
import SwiftProtobuf
import XCTest
@testable import SettleTransport

/// A client that pipelines calls and never reads the replies is stopped, not buffered for.
final class BackPressureSocketTests: XCTestCase {
    func testNeverReadingClientIsStoppedNearTheBoundWhileOthersAreServed() async throws {
        try await withServer({ $0.connectionLimits.maxOutboundBytes = 1 << 20 }) { server in
            let path = server.path
            let payload = [UInt8](repeating: 0x5A, count: 256 << 10)
            let sent = try await offPool { () -> Int in
                let socket = try RawUnixSocket.transport(path)
                _ = try socket.handshake()
                var total = 0
                var id: UInt32 = 1
                var stalledSince: Date?
                let start = Date()
                // Pipeline Echo calls for up to 3 s, never reading; stop once the host has
                // taken nothing for half a second (it stopped reading).
                while Date().timeIntervalSince(start) < 3 {
                    let call = Frames.bytes(Frames.headers(id, method: TestServer.echo.fullName)) + Frames.bytes(Frames.message(id, payload))
                    var offset = 0
                    while offset < call.count {
                        let taken = socket.sendWithoutBlocking(Array(call[offset...]))
                        if taken == 0 {
                            if stalledSince == nil { stalledSince = Date() }
                            if let since = stalledSince, Date().timeIntervalSince(since) > 0.5 { return total + offset }
                            usleep(5_000)
                            continue
                        }
                        stalledSince = nil
                        offset += taken
                    }
                    total += call.count
                    id += 2
                }
                return total
            }
            // Bound (1 MiB) + one read burst (≤ 16 × 64 KiB) + calls in flight + both socket buffers.
            XCTAssertLessThan(sent, 12 << 20, "the host kept reading a client that never reads: \(sent) bytes taken")
            // Another connection is still answered at once.
            let echoed = try await offPool { () -> [UInt8] in
                let socket = try RawUnixSocket.transport(path)
                _ = try socket.handshake()
                let (messages, status) = try socket.call(1, TestServer.echo, [1, 2, 3])
                guard status.code == 0 else { throw RawSocketError(description: "status \(status)") }
                return messages.first.map { Array($0.payload.readableBytesView) } ?? []
            }
            XCTAssertEqual(echoed, [1, 2, 3])
        }
    }

    func testReadingResumesWhenTheClientDrains() async throws {
        try await withServer({ $0.connectionLimits.maxOutboundBytes = 256 << 10 }) { server in
            let path = server.path
            let replies = try await offPool { () -> Int in
                let socket = try RawUnixSocket.transport(path)
                _ = try socket.handshake()
                let payload = [UInt8](repeating: 1, count: 64 << 10)
                var batch: [UInt8] = []
                for index in 0..<64 {
                    let id = UInt32(2 * index + 1)
                    batch += Frames.bytes(Frames.headers(id, method: TestServer.echo.fullName)) + Frames.bytes(Frames.message(id, payload))
                }
                // 4 MiB of calls, far above the bound: they all complete because we read.
                let calls = batch
                let writer = Thread { try? socket.send(calls) }
                writer.start()
                var ok = 0
                while ok < 64 {
                    let frame = try socket.readWireFrame()
                    if frame.type == .trailers {
                        let status = try Settle_Wire_V1_CallStatus(serializedBytes: Array(frame.payload.readableBytesView))
                        guard status.code == 0 else { throw RawSocketError(description: "status \(status)") }
                        ok += 1
                    }
                }
                return ok
            }
            XCTAssertEqual(replies, 64)
        }
    }
}
