import Logging
import NIOCore
import NIOEmbedded
import SettleRPC
import SettleWire
import SwiftProtobuf
import XCTest
@testable import SettleTransport

/// The server handler in an `EmbeddedChannel`: bytes in, bytes out, time advanced by hand.
final class ServerConnectionHandlerTests: XCTestCase {
    private let viewer = PeerIdentity(uid: 1001, gid: 1001, pid: 42, role: .viewer)

    private func channel(refusal: String? = nil, trusted: Set<UInt32> = [], peer: PeerIdentity? = nil) throws -> EmbeddedChannel {
        var configuration = ServerConfiguration(socketPath: "/unused", access: AccessPolicy())
        configuration.trustedHostUIDs = trusted
        var logger = Logger(label: "embedded")
        logger.logLevel = .critical
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(expectPreface: true, maxFrameBytes: 16 << 20)))
        try channel.pipeline.syncOperations.addHandler(ServerConnectionHandler(
            router: try TestServer.router(), configuration: configuration, logger: logger, peer: peer ?? viewer, refusal: refusal
        ))
        try channel.connect(to: SocketAddress(unixDomainSocketPath: "/unused")).wait()
        return channel
    }

    /// Everything the handler wrote so far.
    private func written(_ channel: EmbeddedChannel) throws -> [UInt8] {
        channel.embeddedEventLoop.run()
        var bytes: [UInt8] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { bytes += buffer.readableBytesView }
        return bytes
    }

    private func send(_ channel: EmbeddedChannel, _ bytes: [UInt8]) throws {
        try channel.writeInbound(ByteBuffer(bytes: bytes))
        channel.embeddedEventLoop.run()
    }

    private func status(_ frame: Frame?) throws -> Settle_Wire_V1_CallStatus {
        try Settle_Wire_V1_CallStatus(serializedBytes: Array(try XCTUnwrap(frame).payload.readableBytesView))
    }

    func testHandshakeAnswersPrefaceAndSettings() throws {
        let channel = try channel()
        try send(channel, Preface.bytes() + Frames.bytes(Frames.settings()))
        let out = try written(channel)
        XCTAssertEqual(Array(out.prefix(8)), Preface.bytes())
        let frames = try parseOutput(Array(out.dropFirst(8)), preface: false)
        XCTAssertEqual(frames.map(\.type), [.settings])
        let settings = try Settle_Wire_V1_Settings(serializedBytes: Array(frames[0].payload.readableBytesView))
        XCTAssertEqual(settings.maxConcurrentStreams, 256)
        XCTAssertEqual(settings.acceptCompression, ["zlib"])
    }

    func testRefusedConnectionGetsGoAwayWithTheReason() throws {
        let channel = try channel(refusal: "too many connections from uid 1001 (limit 4); retry later")
        try send(channel, Preface.bytes() + Frames.bytes(Frames.settings()))
        let frames = try parseOutput(Array(try written(channel).dropFirst(8)), preface: false)
        XCTAssertEqual(frames.map(\.type), [.goAway])
        let goAway = try Settle_Wire_V1_GoAway(serializedBytes: Array(frames[0].payload.readableBytesView))
        XCTAssertEqual(goAway.code, StatusCode.resourceExhausted.rawValue)
        XCTAssertEqual(goAway.message, "too many connections from uid 1001 (limit 4); retry later")
        XCTAssertFalse(channel.isActive)
    }

    func testHandshakeTimeoutClosesWithGoAwayOnceOurPrefaceWentOut() throws {
        let channel = try channel()
        try send(channel, Preface.bytes())
        _ = try written(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(6))
        let frames = try parseOutput(try written(channel), preface: false)
        XCTAssertEqual(frames.map(\.type), [.goAway])
        XCTAssertEqual(try Settle_Wire_V1_GoAway(serializedBytes: Array(frames[0].payload.readableBytesView)).code, StatusCode.deadlineExceeded.rawValue)
        XCTAssertFalse(channel.isActive)

        let silent = try self.channel()
        silent.embeddedEventLoop.advanceTime(by: .seconds(6))
        XCTAssertEqual(try written(silent), [], "no preface read: closed without a byte")
        XCTAssertFalse(silent.isActive)
    }

    func testUnknownAndForbiddenMethodsEndOnlyTheirCall() throws {
        let channel = try channel()
        try send(channel, Preface.bytes() + Frames.bytes(Frames.settings(maxFrame: 4096))
                  + Frames.bytes(Frames.headers(1, method: "/t.v1.T/" + String(repeating: "x", count: 20_000)))
                  + Frames.bytes(Frames.headers(3, method: TestServer.approve.fullName)))
        let frames = try parseOutput(Array(try written(channel).dropFirst(8)), preface: false).filter { $0.type == .trailers }
        XCTAssertEqual(frames.map(\.streamID), [1, 3])
        let unknown = try status(frames.first)
        XCTAssertEqual(unknown.code, StatusCode.unimplemented.rawValue)
        XCTAssertEqual(unknown.message, "method name of 20008 bytes is longer than any method (limit 512)")
        let denied = try status(frames.last)
        XCTAssertEqual(denied.code, StatusCode.permissionDenied.rawValue)
        XCTAssertTrue(channel.isActive)
    }

    func testForwardedIdentityFromAnUntrustedPeerIsRefused() throws {
        let channel = try channel(trusted: [7])
        let forwarded = ForwardedIdentity.metadata(for: PeerIdentity(uid: 5, gid: 5, pid: 1, role: .admin), via: "rating")
        try send(channel, Preface.bytes() + Frames.bytes(Frames.settings())
                  + Frames.bytes(Frames.headers(1, method: TestServer.approve.fullName, metadata: forwarded)))
        let trailers = try parseOutput(Array(try written(channel).dropFirst(8)), preface: false).filter { $0.type == .trailers }
        let refused = try status(trailers.first)
        XCTAssertEqual(refused.code, StatusCode.permissionDenied.rawValue)
        XCTAssertEqual(refused.message, "uid 1001 is not a trusted host: it may not call on behalf of another caller")
    }

    func testProtocolViolationGetsGoAwayNamingIt() throws {
        let channel = try channel()
        try send(channel, Preface.bytes() + Frames.bytes(Frames.settings()) + Frames.bytes(Frames.message(5, [1])))
        let frames = try parseOutput(Array(try written(channel).dropFirst(8)), preface: false)
        XCTAssertEqual(frames.last?.type, .goAway)
        let goAway = try Settle_Wire_V1_GoAway(serializedBytes: Array(try XCTUnwrap(frames.last).payload.readableBytesView))
        XCTAssertEqual(goAway.code, 13)
        XCTAssertEqual(goAway.message, "protocol violation: MESSAGE for stream 5, which was never opened")
        XCTAssertFalse(channel.isActive)
    }
}
