import Foundation
import Logging
import SettleContracts
import SettleHost
import SettleRPC
import SettleTransport
import SettleWire
import SwiftProtobuf
import XCTest
#if canImport(Glibc)
import Glibc
#endif

// MARK: Hosts

/// A real host serving its socket in a fresh short temp folder (Unix socket paths are limited
/// to 107 bytes, so the folder is `/tmp/st-<random>`), removed when the host stops.
struct TestHost: Sendable {
    let runtime: HostRuntime
    let directory: String

    var socketPath: String { runtime.configuration.socketPath }

    static func makeDirectory() throws -> String {
        let name = String(UInt64.random(in: 0..<UInt64(1) << 40), radix: 36)
        let directory = "/tmp/st-\(name)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    static func start(
        _ configure: (inout HostConfiguration) -> Void = { _ in }
    ) async throws -> TestHost {
        let directory = try makeDirectory()
        var configuration = HostConfiguration(dataDirectory: directory, socketPath: directory + "/s.sock")
        configure(&configuration)
        var logger = Logger(label: "settled-test")
        logger.logLevel = .error
        do {
            let runtime = try await HostRuntime.start(configuration: configuration, modules: [], inMemoryStores: true, logger: logger)
            return TestHost(runtime: runtime, directory: directory)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    func stop() async {
        await runtime.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func connect(limits: WireLimits = .defaults, compressRequests: Bool = true) async throws -> RPCConnection {
        try await RPCConnection.connect(to: socketPath, limits: limits, compressRequests: compressRequests)
    }
}

/// Starts a host, runs `body`, and always shuts the host down.
@discardableResult
func withHost<T>(
    _ configure: (inout HostConfiguration) -> Void = { _ in },
    _ body: (TestHost) async throws -> T
) async throws -> T {
    let host = try await TestHost.start(configure)
    do {
        let result = try await body(host)
        await host.stop()
        return result
    } catch {
        await host.stop()
        throw error
    }
}

/// Connects to `host`, runs `body`, and always closes the connection.
@discardableResult
func withConnection<T>(
    _ host: TestHost,
    limits: WireLimits = .defaults,
    compressRequests: Bool = true,
    _ body: (RPCConnection) async throws -> T
) async throws -> T {
    let connection = try await host.connect(limits: limits, compressRequests: compressRequests)
    do {
        let result = try await body(connection)
        await connection.close()
        return result
    } catch {
        await connection.close()
        throw error
    }
}

// MARK: Assertions

/// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return true
}

// MARK: Messages

func echoRequest(_ payload: [UInt8], note: String = "") -> Settle_Diag_V1_EchoRequest {
    var request = Settle_Diag_V1_EchoRequest()
    request.payload = Data(payload)
    request.note = note
    return request
}

func sleepRequest(_ millis: UInt64) -> Settle_Diag_V1_SleepRequest {
    var request = Settle_Diag_V1_SleepRequest()
    request.millis = millis
    return request
}

func downloadRequest(count: UInt32, size: UInt32) -> Settle_Diag_V1_DownloadRequest {
    var request = Settle_Diag_V1_DownloadRequest()
    request.count = count
    request.size = size
    return request
}

/// Deterministic, not very compressible bytes.
func pseudoRandomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed &* 6364136223846793005 &+ 1442695040888963407
    var bytes = [UInt8](repeating: 0, count: count)
    for index in 0..<count {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        bytes[index] = UInt8(truncatingIfNeeded: state >> 33)
    }
    return bytes
}

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), bit by bit: an independent check of
/// the service's table-driven one.
func referenceCRC32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 {
            crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
        }
    }
    return ~crc
}

// MARK: Raw sockets

/// Runs blocking socket I/O off Swift's cooperative pool.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try body() })
        }
    }
}

struct RawSocketError: Error, CustomStringConvertible {
    let description: String
}

/// A plain blocking Unix stream socket, for speaking (or breaking) the wire protocol by hand.
/// Reads time out after `receiveTimeout`, so no test can hang on it.
final class RawSocket: Sendable {
    let fd: Int32

    init(path: String, receiveTimeout: Int = 5) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawSocketError(description: "socket() failed: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw RawSocketError(description: "socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw RawSocketError(description: "connect(\(path)) failed: errno \(code)")
        }
        var timeout = timeval(tv_sec: receiveTimeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw RawSocketError(description: "send failed: errno \(errno)")
            }
            offset += sent
        }
    }

    /// Exactly `count` bytes; throws on EOF or timeout before that.
    func read(exactly count: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        var chunk = [UInt8](repeating: 0, count: max(1, min(count, 65536)))
        while result.count < count {
            let wanted = min(chunk.count, count - result.count)
            let got = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, wanted, 0) }
            if got < 0 {
                if errno == EINTR { continue }
                throw RawSocketError(description: "recv failed after \(result.count) of \(count) bytes: errno \(errno)")
            }
            if got == 0 { throw RawSocketError(description: "EOF after \(result.count) of \(count) bytes") }
            result.append(contentsOf: chunk[0..<got])
        }
        return result
    }

    /// Everything until the server closes. Throws on timeout (no EOF within the receive timeout).
    func readToEOF(limit: Int = 1 << 20) throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while result.count < limit {
            let got = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
            if got < 0 {
                if errno == EINTR { continue }
                if errno == ECONNRESET { return result }
                throw RawSocketError(description: "no EOF (errno \(errno)) after \(result.count) bytes")
            }
            if got == 0 { return result }
            result.append(contentsOf: chunk[0..<got])
        }
        return result
    }

    func readFrame() throws -> RawFrame {
        let header = try read(exactly: 10)
        let length = Int(UInt32(header[0]) << 24 | UInt32(header[1]) << 16 | UInt32(header[2]) << 8 | UInt32(header[3]))
        let streamID = UInt32(header[6]) << 24 | UInt32(header[7]) << 16 | UInt32(header[8]) << 8 | UInt32(header[9])
        let payload = length > 0 ? try read(exactly: length) : []
        return RawFrame(type: header[4], flags: header[5], streamID: streamID, payload: payload)
    }
}

/// A frame as bytes, with no interpretation.
struct RawFrame: Sendable, Equatable {
    var type: UInt8
    var flags: UInt8
    var streamID: UInt32
    var payload: [UInt8]

    var bytes: [UInt8] { Self.header(type: type, flags: flags, streamID: streamID, length: payload.count) + payload }

    static func header(type: UInt8, flags: UInt8 = 0, streamID: UInt32, length: Int) -> [UInt8] {
        let length = UInt32(truncatingIfNeeded: length)
        return [
            UInt8(truncatingIfNeeded: length >> 24), UInt8(truncatingIfNeeded: length >> 16),
            UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length),
            type, flags,
            UInt8(truncatingIfNeeded: streamID >> 24), UInt8(truncatingIfNeeded: streamID >> 16),
            UInt8(truncatingIfNeeded: streamID >> 8), UInt8(truncatingIfNeeded: streamID),
        ]
    }

    static func frame(_ type: UInt8, flags: UInt8 = 0, stream: UInt32 = 0, _ payload: [UInt8] = []) -> [UInt8] {
        RawFrame(type: type, flags: flags, streamID: stream, payload: payload).bytes
    }

    /// Splits what a server sent after its preface into frames; a trailing partial frame is an error.
    static func parse(_ bytes: ArraySlice<UInt8>) throws -> [RawFrame] {
        var frames: [RawFrame] = []
        var rest = bytes
        while !rest.isEmpty {
            guard rest.count >= 10 else { throw RawSocketError(description: "partial frame header: \(Array(rest))") }
            let h = Array(rest.prefix(10))
            let length = Int(UInt32(h[0]) << 24 | UInt32(h[1]) << 16 | UInt32(h[2]) << 8 | UInt32(h[3]))
            let streamID = UInt32(h[6]) << 24 | UInt32(h[7]) << 16 | UInt32(h[8]) << 8 | UInt32(h[9])
            guard rest.count >= 10 + length else { throw RawSocketError(description: "partial frame body") }
            frames.append(RawFrame(type: h[4], flags: h[5], streamID: streamID, payload: Array(rest.dropFirst(10).prefix(length))))
            rest = rest.dropFirst(10 + length)
        }
        return frames
    }
}

enum WireBytes {
    static let preface: [UInt8] = Array("SETTLE".utf8) + [1, 0]
    static let settings: UInt8 = 0x01
    static let headers: UInt8 = 0x02
    static let message: UInt8 = 0x03
    static let trailers: UInt8 = 0x04
    static let goAway: UInt8 = 0x08
    static let halfClose: UInt8 = 0x09
    static let compressed: UInt8 = 0x01
    static let endStream: UInt8 = 0x02

    static func encode(_ message: some SwiftProtobuf.Message) -> [UInt8] {
        (try? message.serializedBytes()) ?? []
    }

    /// SETTINGS of a raw client that accepts no compression (so the server never compresses to it).
    static func clientSettings() -> [UInt8] {
        var settings = Settle_Wire_V1_Settings()
        settings.maxFrameSize = 16 << 20
        settings.maxMessageSize = 16 << 20
        settings.agent = "raw-test-client"
        return RawFrame.frame(Self.settings, encode(settings))
    }

    static func headersFrame(stream: UInt32, method: String, timeoutMicros: UInt64 = 0) -> [UInt8] {
        var headers = Settle_Wire_V1_RequestHeaders()
        headers.method = method
        headers.timeoutMicros = timeoutMicros
        return RawFrame.frame(Self.headers, stream: stream, encode(headers))
    }
}

/// A hand-driven client: handshake done, calls made frame by frame.
final class RawClient: Sendable {
    let socket: RawSocket

    init(path: String) async throws {
        socket = try await offPool { try RawSocket(path: path) }
        let socket = self.socket
        try await offPool {
            try socket.send(WireBytes.preface + WireBytes.clientSettings())
            let preface = try socket.read(exactly: 8)
            guard preface == WireBytes.preface else { throw RawSocketError(description: "server preface \(preface)") }
            let settings = try socket.readFrame()
            guard settings.type == WireBytes.settings else { throw RawSocketError(description: "expected SETTINGS, got \(settings)") }
        }
    }

    /// Sends `frames` and reads until TRAILERS for `stream`: the response messages and the status.
    func call(stream: UInt32, _ frames: [UInt8]) async throws -> (messages: [RawFrame], status: Settle_Wire_V1_CallStatus) {
        let socket = self.socket
        return try await offPool {
            try socket.send(frames)
            var messages: [RawFrame] = []
            while true {
                let frame = try socket.readFrame()
                guard frame.streamID == stream else { continue }
                if frame.type == WireBytes.message { messages.append(frame) }
                if frame.type == WireBytes.trailers {
                    return (messages, try Settle_Wire_V1_CallStatus(serializedBytes: frame.payload))
                }
                if frame.type == WireBytes.goAway {
                    throw RawSocketError(description: "GOAWAY: \((try? Settle_Wire_V1_GoAway(serializedBytes: frame.payload)).map { "\($0)" } ?? "?")")
                }
            }
        }
    }
}
