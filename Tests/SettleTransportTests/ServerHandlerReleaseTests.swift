import Logging
import NIOCore
import NIOEmbedded
import SettleRPC
import SettleWire
import XCTest
@testable import SettleTransport

/// A connection's handler is freed when its connection ends. It holds its pipeline context,
/// which holds it, so unless it lets go in `handlerRemoved` every connection ever made keeps
/// its handler and buffers (about 4 KiB each: 10,000 connect/close cycles kept 40–50 MB).
final class ServerHandlerReleaseTests: XCTestCase {
    private func handler() throws -> ServerConnectionHandler {
        var logger = Logger(label: "embedded")
        logger.logLevel = .critical
        return ServerConnectionHandler(
            router: try TestServer.router(), configuration: ServerConfiguration(socketPath: "/unused", access: AccessPolicy()),
            logger: logger, peer: PeerIdentity(uid: 1001, gid: 1001, pid: 42, role: .viewer), refusal: nil)
    }

    private func connect(_ handler: ServerConnectionHandler) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(expectPreface: true, maxFrameBytes: 16 << 20)))
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(unixDomainSocketPath: "/unused")).wait()
        return channel
    }

    func testTheHandlerIsFreedWhenASilentConnectionCloses() throws {
        weak var released: ServerConnectionHandler?
        try {
            let handler = try handler()
            released = handler
            let channel = try connect(handler)
            try channel.close().wait()
            channel.embeddedEventLoop.run()
        }()
        XCTAssertNil(released, "the handler outlived its connection")
    }

    func testTheHandlerIsFreedAfterACallAndALateTimer() throws {
        weak var released: ServerConnectionHandler?
        var loop: EmbeddedEventLoop?
        try {
            let handler = try handler()
            released = handler
            let channel = try connect(handler)
            loop = channel.embeddedEventLoop
            try channel.writeInbound(ByteBuffer(bytes: Preface.bytes() + Frames.bytes(Frames.settings())))
            try channel.writeInbound(ByteBuffer(bytes: Frames.bytes(Frames.headers(1, method: TestServer.echo.fullName)) + Frames.bytes(Frames.message(1, [7]))))
            channel.embeddedEventLoop.run()
            try channel.close().wait()
            channel.embeddedEventLoop.run()
        }()
        // The idle and handshake timers, had they been left, would fire now: nothing happens.
        loop?.advanceTime(by: .seconds(600))
        XCTAssertNil(released, "the handler outlived its connection")
    }
}
