import Foundation
import Logging
import NIOCore
import NIOPosix
import SettleRPC
import SettleTestSupport
import SettleWire
import SwiftProtobuf
@testable import SettleTransport
#if canImport(Glibc)
import Glibc
#endif

/// A `UnixSocketServer` with a small router of its own, in a fresh folder under /tmp.
struct TestServer: Sendable {
    let server: UnixSocketServer
    let directory: String
    var path: String { server.configuration.socketPath }

    static let echo = MethodDescriptor(service: "t.v1.T", method: "Echo", kind: .unary, requiredRole: .viewer)
    static let hold = MethodDescriptor(service: "t.v1.T", method: "Hold", kind: .unary, requiredRole: .viewer)
    static let whoAmI = MethodDescriptor(service: "t.v1.T", method: "WhoAmI", kind: .unary, requiredRole: .viewer)
    static let approve = MethodDescriptor(service: "t.v1.T", method: "Approve", kind: .unary, requiredRole: .supervisor)

    static func router() throws -> Router {
        var router = Router()
        try router.register(echo, handler: .unary { request, _ in request })
        try router.register(hold, handler: .unary { request, _ in
            try await Task.sleep(for: .seconds(30))
            return request
        })
        try router.register(whoAmI, handler: .unary { _, context in Array(context.peer.actor.utf8) })
        try router.register(approve, handler: .unary { _, context in Array("approved for \(context.peer.actor)".utf8) })
        return router
    }

    static func start(_ configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> TestServer {
        let directory = "/tmp/stt-" + String(UInt64.random(in: 0..<(1 << 40)), radix: 36)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // 0666 so a test may also connect as another uid (see `RawUnixSocket.init(path:receiveTimeout:asUID:)`).
        var configuration = ServerConfiguration(socketPath: directory + "/s.sock", socketMode: 0o666, access: .standard(hostUID: UInt32(getuid())))
        configure(&configuration)
        var logger = Logger(label: "transport-test")
        logger.logLevel = .critical
        let server = UnixSocketServer(configuration: configuration, router: try router(), group: MultiThreadedEventLoopGroup.singleton, logger: logger)
        try await server.start()
        return TestServer(server: server, directory: directory)
    }

    func stop() async {
        await server.shutdown(grace: .milliseconds(200))
        try? FileManager.default.removeItem(atPath: directory)
    }
}

func withServer<T>(_ configure: (inout ServerConfiguration) -> Void = { _ in }, _ body: (TestServer) async throws -> T) async throws -> T {
    let server = try await TestServer.start(configure)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

extension RawUnixSocket {
    /// Connects as the transport tests do: a 10 s receive timeout, for servers slowed on purpose.
    static func transport(_ path: String, asUID: UInt32? = nil) throws -> RawUnixSocket {
        try RawUnixSocket(path: path, receiveTimeout: 10, asUID: asUID)
    }

    /// The next frame, as the transport's own `Frame`.
    func readWireFrame() throws -> Frame {
        let raw = try readFrame()
        return Frame(type: FrameType(rawValue: raw.type), flags: FrameFlags(rawValue: raw.flags), streamID: raw.streamID, payload: ByteBuffer(bytes: raw.payload))
    }

    /// Sends the preface and `settings`, reads the server's preface and first frame.
    func handshake(_ settings: Frame = Frames.settings(zlib: false)) throws -> Frame {
        try send(Preface.bytes() + Frames.bytes(settings))
        guard try read(exactly: 8) == Preface.bytes() else { throw RawSocketError(description: "no server preface") }
        return try readWireFrame()
    }

    /// Sends a unary call and reads until its TRAILERS.
    func call(_ id: UInt32, _ method: MethodDescriptor, _ request: [UInt8], metadata: [String: String] = [:]) throws -> (messages: [Frame], status: Settle_Wire_V1_CallStatus) {
        try send(Frames.bytes(Frames.headers(id, method: method.fullName, metadata: metadata)) + Frames.bytes(Frames.message(id, request)))
        var messages: [Frame] = []
        while true {
            let frame = try readWireFrame()
            if frame.type == .goAway { throw RawSocketError(description: "GOAWAY \(String(describing: try? Settle_Wire_V1_GoAway(serializedBytes: Array(frame.payload.readableBytesView))))") }
            guard frame.streamID == id else { continue }
            if frame.type == .message { messages.append(frame) }
            if frame.type == .trailers { return (messages, try Settle_Wire_V1_CallStatus(serializedBytes: Array(frame.payload.readableBytesView))) }
        }
    }
}
