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

/// Clients that break the protocol are cut off (or have one call refused) while well-behaved
/// clients on other connections keep being served.
final class WireAbuseTests: XCTestCase {
    /// Sends `bytes` on a fresh raw connection and returns everything the server answers until it closes.
    private func exchange(_ path: String, _ bytes: [UInt8]) async throws -> [UInt8] {
        try await offPool {
            let socket = try RawUnixSocket(path: path)
            try socket.send(bytes)
            return try socket.readToEOF()
        }
    }

    /// The server's answer must be its preface, then frames ending in one GOAWAY: returns it.
    private func goAwayFrame(in answer: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws -> (frames: [RawFrame], goAway: Settle_Wire_V1_GoAway) {
        XCTAssertEqual(Array(answer.prefix(8)), WireBytes.preface, "server preface", file: file, line: line)
        let frames = try RawFrame.parse(answer.dropFirst(8))
        let goAways = frames.filter { $0.type == WireBytes.goAway }
        XCTAssertEqual(goAways.count, 1, "frames: \(frames.map(\.type))", file: file, line: line)
        XCTAssertEqual(frames.last?.type, WireBytes.goAway, "GOAWAY is the last frame", file: file, line: line)
        let frame = try XCTUnwrap(goAways.first, file: file, line: line)
        XCTAssertEqual(frame.streamID, 0, file: file, line: line)
        return (frames, try Settle_Wire_V1_GoAway(serializedBytes: frame.payload))
    }

    func testGarbageClientIsCutOffWhileOthersKeepWorking() async throws {
        try await withHost { host in
            try await withConnection(host) { connection in
                let client = DiagnosticsV1.Client(transport: connection)
                // A steady stream of good calls on another connection, running throughout.
                let goodCalls = Task { () -> Int in
                    var done = 0
                    for index in 0..<40 {
                        let response = try await client.echo(echoRequest([UInt8(index)], note: "good"))
                        guard response.payload == Data([UInt8(index)]) else { throw RPCError(.internalError, "bad echo") }
                        done += 1
                        try await Task.sleep(for: .milliseconds(2))
                    }
                    return done
                }
                let answer = try await exchange(host.socketPath, WireBytes.preface + RawFrame.header(type: 0x0B, streamID: 0, length: 0))
                let (frames, goAway) = try goAwayFrame(in: answer)
                XCTAssertEqual(frames.first?.type, WireBytes.settings, "the server sent SETTINGS after its preface")
                XCTAssertEqual(goAway.code, 13)
                XCTAssertTrue(goAway.message.contains("unknown frame type"), goAway.message)
                XCTAssertTrue(goAway.message.contains("0x0b"), goAway.message)
                XCTAssertEqual(goAway.lastStreamID, 0)

                // Garbage after a completed handshake and a good call.
                let raw = try await RawClient(path: host.socketPath)
                let (_, status) = try await raw.call(
                    stream: 1,
                    WireBytes.headersFrame(stream: 1, method: DiagnosticsV1.Method.echo.fullName)
                        + RawFrame.frame(WireBytes.message, flags: WireBytes.endStream, stream: 1, WireBytes.encode(echoRequest([1])))
                )
                XCTAssertEqual(status.code, 0)
                let socket = raw.socket
                let rest = try await offPool { () -> [UInt8] in
                    // A zero-length frame of an unknown type, then junk the server never looks at.
                    try socket.send(RawFrame.header(type: 0xEE, streamID: 1, length: 0) + Array("junk".utf8))
                    return try socket.readToEOF()
                }
                let afterHandshake = try RawFrame.parse(rest[...])
                XCTAssertEqual(afterHandshake.map(\.type), [WireBytes.goAway])
                let late = try Settle_Wire_V1_GoAway(serializedBytes: try XCTUnwrap(afterHandshake.first).payload)
                XCTAssertEqual(late.code, 13)
                XCTAssertTrue(late.message.contains("unknown frame type 0xee"), late.message)
                XCTAssertEqual(late.lastStreamID, 1, "last_stream_id names the last stream the server accepted")

                let good = try await goodCalls.value
                XCTAssertEqual(good, 40)
                let after = try await client.echo(echoRequest([99]))
                XCTAssertEqual(after.payload, Data([99]))
            }
        }
    }

    func testHTTPRequestIsClosedWithoutAnAnswer() async throws {
        try await withHost { host in
            let answer = try await exchange(host.socketPath, Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8))
            XCTAssertEqual(answer, [], "a non-Settle peer gets no bytes at all")
            // A wrong magic shorter than the preface is refused as soon as it shows.
            let short = try await exchange(host.socketPath, Array("GET".utf8))
            XCTAssertEqual(short, [])
            try await withConnection(host) { connection in
                let response = try await DiagnosticsV1.Client(transport: connection).echo(echoRequest([1]))
                XCTAssertEqual(response.payload, Data([1]))
            }
        }
    }

    func testUnsupportedVersionGetsPrefaceAndFailedPrecondition() async throws {
        try await withHost { host in
            let answer = try await exchange(host.socketPath, Array("SETTLE".utf8) + [9, 0])
            let (frames, goAway) = try goAwayFrame(in: answer)
            XCTAssertEqual(frames.count, 1, "no SETTINGS before the GOAWAY: \(frames.map(\.type))")
            XCTAssertEqual(goAway.code, 9)
            XCTAssertEqual(goAway.lastStreamID, 0)
            XCTAssertTrue(goAway.message.contains("unsupported protocol version 9"), goAway.message)

            // Through the real client the refusal surfaces at connect, with the server's reason.
            // (Not reachable with RPCConnection, which always sends version 1.)
        }
    }

    func testHugeFrameHeaderIsResourceExhausted() async throws {
        try await withHost { host in
            let header = RawFrame.header(type: WireBytes.message, streamID: 1, length: 100 << 20)
            let answer = try await exchange(host.socketPath, WireBytes.preface + WireBytes.clientSettings() + header)
            let (_, goAway) = try goAwayFrame(in: answer)
            XCTAssertEqual(goAway.code, 8)
            XCTAssertTrue(goAway.message.contains("\(100 << 20)"), goAway.message)
            // Before SETTINGS, too: the limit is checked in the decoder, before any state.
            let early = try await exchange(host.socketPath, WireBytes.preface + RawFrame.header(type: WireBytes.settings, streamID: 0, length: 100 << 20))
            XCTAssertEqual(try goAwayFrame(in: early).goAway.code, 8)
        }
    }

    func testProtocolViolationsAreInternal() async throws {
        try await withHost { host in
            let cases: [(String, [UInt8], String)] = [
                ("HEADERS before SETTINGS", WireBytes.preface + WireBytes.headersFrame(stream: 1, method: "/x.y/Z"), "expected SETTINGS"),
                ("second SETTINGS", WireBytes.preface + WireBytes.clientSettings() + WireBytes.clientSettings(), "second SETTINGS"),
                ("PING on a stream", WireBytes.preface + WireBytes.clientSettings() + RawFrame.frame(0x06, stream: 3, [UInt8](repeating: 0, count: 8)), "must use stream 0"),
                ("MESSAGE on stream 0", WireBytes.preface + WireBytes.clientSettings() + RawFrame.frame(WireBytes.message, stream: 0, [1]), "must not use stream 0"),
                ("MESSAGE on unopened stream", WireBytes.preface + WireBytes.clientSettings() + RawFrame.frame(WireBytes.message, stream: 7, [1]), "never opened"),
                ("TRAILERS from a client", WireBytes.preface + WireBytes.clientSettings() + WireBytes.headersFrame(stream: 1, method: DiagnosticsV1.Method.sleep.fullName) + RawFrame.frame(WireBytes.trailers, stream: 1), "TRAILERS sent by a client"),
            ]
            for (name, bytes, expected) in cases {
                let answer = try await exchange(host.socketPath, bytes)
                let (_, goAway) = try goAwayFrame(in: answer)
                XCTAssertEqual(goAway.code, 13, name)
                XCTAssertTrue(goAway.message.contains(expected), "\(name): \(goAway.message)")
            }
        }
    }

    func testPingIsAnswered() async throws {
        try await withHost { host in
            let raw = try await RawClient(path: host.socketPath)
            let socket = raw.socket
            let pong = try await offPool { () -> RawFrame in
                try socket.send(RawFrame.frame(0x06, [1, 2, 3, 4, 5, 6, 7, 8]))
                return try socket.readFrame()
            }
            XCTAssertEqual(pong, RawFrame(type: 0x07, flags: 0, streamID: 0, payload: [1, 2, 3, 4, 5, 6, 7, 8]))
        }
    }

    // MARK: Message limits on the server

    private func zlib(_ bytes: [UInt8]) throws -> [UInt8] {
        var input = ByteBuffer(bytes: bytes)
        let output = try MessageCompressor().compress(&input, allocator: ByteBufferAllocator())
        return Array(output.readableBytesView)
    }

    func testCompressedBombAndOversizedMessagesAreRefusedPerCall() async throws {
        try await withHost({ $0.limits.maxMessageBytes = 64 << 10 }) { host in
            let raw = try await RawClient(path: host.socketPath)
            let echo = DiagnosticsV1.Method.echo.fullName
            let upload = DiagnosticsV1.Method.upload.fullName

            // Unary: 1 MiB of zeros deflates to about 1 KiB; inflating stops at 64 KiB.
            let bomb = try zlib(WireBytes.encode(echoRequest([UInt8](repeating: 0, count: 1 << 20))))
            XCTAssertLessThan(bomb.count, 8 << 10, "the bomb is small on the wire")
            var result = try await raw.call(
                stream: 1,
                WireBytes.headersFrame(stream: 1, method: echo)
                    + RawFrame.frame(WireBytes.message, flags: WireBytes.compressed | WireBytes.endStream, stream: 1, bomb)
            )
            XCTAssertEqual(result.status.code, StatusCode.resourceExhausted.rawValue, result.status.message)
            XCTAssertTrue(result.status.message.contains("65536"), result.status.message)
            XCTAssertTrue(result.messages.isEmpty)

            // The connection is still usable: a good compressed call and a good plain one.
            let fine = [UInt8](repeating: 3, count: 10_000)
            result = try await raw.call(
                stream: 3,
                WireBytes.headersFrame(stream: 3, method: echo)
                    + RawFrame.frame(WireBytes.message, flags: WireBytes.compressed | WireBytes.endStream, stream: 3, try zlib(WireBytes.encode(echoRequest(fine))))
            )
            XCTAssertEqual(result.status.code, 0, result.status.message)
            XCTAssertEqual(try Settle_Diag_V1_EchoResponse(serializedBytes: try XCTUnwrap(result.messages.first).payload).payload, Data(fine))

            // Client streaming: the bomb is the second chunk of an upload.
            var chunk = Settle_Diag_V1_Chunk()
            chunk.data = Data(count: 100)
            var huge = Settle_Diag_V1_Chunk()
            huge.data = Data(count: 1 << 20)
            result = try await raw.call(
                stream: 5,
                WireBytes.headersFrame(stream: 5, method: upload)
                    + RawFrame.frame(WireBytes.message, stream: 5, WireBytes.encode(chunk))
                    + RawFrame.frame(WireBytes.message, flags: WireBytes.compressed, stream: 5, try zlib(WireBytes.encode(huge)))
                    + RawFrame.frame(WireBytes.halfClose, stream: 5)
            )
            XCTAssertEqual(result.status.code, StatusCode.resourceExhausted.rawValue, result.status.message)
            XCTAssertTrue(result.messages.isEmpty)

            // Uncompressed over the limit: refused without inflating anything.
            result = try await raw.call(
                stream: 7,
                WireBytes.headersFrame(stream: 7, method: echo)
                    + RawFrame.frame(WireBytes.message, flags: WireBytes.endStream, stream: 7, WireBytes.encode(echoRequest([UInt8](repeating: 1, count: 100_000))))
            )
            XCTAssertEqual(result.status.code, StatusCode.resourceExhausted.rawValue, result.status.message)
            XCTAssertTrue(result.status.message.contains("65536"), result.status.message)

            // Corrupt zlib: INVALID_ARGUMENT, connection survives.
            result = try await raw.call(
                stream: 9,
                WireBytes.headersFrame(stream: 9, method: echo)
                    + RawFrame.frame(WireBytes.message, flags: WireBytes.compressed | WireBytes.endStream, stream: 9, [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0x00])
            )
            XCTAssertEqual(result.status.code, StatusCode.invalidArgument.rawValue, result.status.message)

            // Still fine afterwards; and the well-behaved client on its own connection too.
            result = try await raw.call(
                stream: 11,
                WireBytes.headersFrame(stream: 11, method: echo)
                    + RawFrame.frame(WireBytes.message, flags: WireBytes.endStream, stream: 11, WireBytes.encode(echoRequest([42])))
            )
            XCTAssertEqual(result.status.code, 0, result.status.message)
            XCTAssertEqual(try Settle_Diag_V1_EchoResponse(serializedBytes: try XCTUnwrap(result.messages.first).payload).payload, Data([42]))
            try await withConnection(host) { connection in
                let response = try await DiagnosticsV1.Client(transport: connection).echo(echoRequest([5]))
                XCTAssertEqual(response.payload, Data([5]))
            }
        }
    }

    func testWrongRequestMessageCountsAreInvalidArgument() async throws {
        try await withHost { host in
            let raw = try await RawClient(path: host.socketPath)
            let echo = DiagnosticsV1.Method.echo.fullName
            // Half-close without a request.
            var result = try await raw.call(stream: 1, WireBytes.headersFrame(stream: 1, method: echo) + RawFrame.frame(WireBytes.halfClose, stream: 1))
            XCTAssertEqual(result.status.code, StatusCode.invalidArgument.rawValue, result.status.message)
            // A request that is not an EchoRequest.
            result = try await raw.call(
                stream: 3,
                WireBytes.headersFrame(stream: 3, method: echo) + RawFrame.frame(WireBytes.message, flags: WireBytes.endStream, stream: 3, [0xFF, 0xFF, 0xFF])
            )
            XCTAssertEqual(result.status.code, StatusCode.invalidArgument.rawValue, result.status.message)
            // Undecodable HEADERS.
            result = try await raw.call(stream: 5, RawFrame.frame(WireBytes.headers, stream: 5, [0xFF, 0xFF, 0xFF]))
            XCTAssertEqual(result.status.code, StatusCode.invalidArgument.rawValue, result.status.message)
            // Two request messages to a slow unary method.
            result = try await raw.call(
                stream: 7,
                WireBytes.headersFrame(stream: 7, method: DiagnosticsV1.Method.sleep.fullName)
                    + RawFrame.frame(WireBytes.message, stream: 7, WireBytes.encode(sleepRequest(2_000)))
                    + RawFrame.frame(WireBytes.message, flags: WireBytes.endStream, stream: 7, WireBytes.encode(sleepRequest(2_000)))
            )
            XCTAssertEqual(result.status.code, StatusCode.invalidArgument.rawValue, result.status.message)
            XCTAssertTrue(result.status.message.contains("second request message"), result.status.message)
            result = try await raw.call(
                stream: 9,
                WireBytes.headersFrame(stream: 9, method: echo) + RawFrame.frame(WireBytes.message, flags: WireBytes.endStream, stream: 9, WireBytes.encode(echoRequest([1])))
            )
            XCTAssertEqual(result.status.code, 0, result.status.message)
        }
    }
}
