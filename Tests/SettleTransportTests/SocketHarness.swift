import CThreadCredentials
import Foundation
import Logging
import NIOCore
import NIOPosix
import SettleRPC
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
        // 0666 so a test may also connect as another uid (see `TestSocket.init(path:asUID:)`).
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

struct SocketError: Error, CustomStringConvertible { let description: String }

/// A blocking Unix-socket client speaking raw bytes; its methods block, so tests call them
/// off Swift's cooperative pool (`blocking`).
final class TestSocket: @unchecked Sendable {
    // @unchecked: one test task uses a socket at a time.
    let fd: Int32

    /// Connects to `path`; as root, `asUID` makes the server see that uid (SO_PEERCRED reads
    /// the connecting thread's effective uid).
    init(path: String, asUID: UInt32? = nil) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(description: "socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes + [0])
        }
        if let asUID {
            guard settle_thread_set_effective_uid(asUID) == 0 else { throw SocketError(description: "cannot act as uid \(asUID): errno \(errno)") }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        let connectErrno = errno
        if asUID != nil { _ = settle_thread_set_effective_uid(getuid()) }
        guard result == 0 else {
            close(fd)
            throw SocketError(description: "connect \(path): errno \(connectErrno)")
        }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw SocketError(description: "send: errno \(errno)") }
            offset += sent
        }
    }

    /// Sends what the socket takes without waiting; returns how many bytes it took.
    func sendWithoutBlocking(_ bytes: [UInt8]) -> Int {
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        return max(0, sent)
    }

    func read(exactly count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let received = bytes[offset...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard received > 0 else { throw SocketError(description: received == 0 ? "closed after \(offset) of \(count) bytes" : "recv: errno \(errno)") }
            offset += received
        }
        return bytes
    }

    func readFrame() throws -> Frame {
        let header = try read(exactly: 10)
        let length = Int(UInt32(header[0]) << 24 | UInt32(header[1]) << 16 | UInt32(header[2]) << 8 | UInt32(header[3]))
        let stream = UInt32(header[6]) << 24 | UInt32(header[7]) << 16 | UInt32(header[8]) << 8 | UInt32(header[9])
        let payload = try read(exactly: length)
        return Frame(type: FrameType(rawValue: header[4]), flags: FrameFlags(rawValue: header[5]), streamID: stream, payload: ByteBuffer(bytes: payload))
    }

    /// Sends the preface and `settings`, reads the server's preface and first frame.
    func handshake(_ settings: Frame = Frames.settings(zlib: false)) throws -> Frame {
        try send(Preface.bytes() + Frames.bytes(settings))
        guard try read(exactly: 8) == Preface.bytes() else { throw SocketError(description: "no server preface") }
        return try readFrame()
    }

    /// Sends a unary call and reads until its TRAILERS.
    func call(_ id: UInt32, _ method: MethodDescriptor, _ request: [UInt8], metadata: [String: String] = [:]) throws -> (messages: [Frame], status: Settle_Wire_V1_CallStatus) {
        try send(Frames.bytes(Frames.headers(id, method: method.fullName, metadata: metadata)) + Frames.bytes(Frames.message(id, request)))
        var messages: [Frame] = []
        while true {
            let frame = try readFrame()
            if frame.type == .goAway { throw SocketError(description: "GOAWAY \(String(describing: try? Settle_Wire_V1_GoAway(serializedBytes: Array(frame.payload.readableBytesView))))") }
            guard frame.streamID == id else { continue }
            if frame.type == .message { messages.append(frame) }
            if frame.type == .trailers { return (messages, try Settle_Wire_V1_CallStatus(serializedBytes: Array(frame.payload.readableBytesView))) }
        }
    }
}

/// Runs blocking socket work on a thread of its own, off Swift's cooperative pool.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
