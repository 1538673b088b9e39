import Foundation
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import SettleTransport
import SettleWire
import SwiftProtobuf
import XCTest
#if canImport(Glibc)
import Glibc
#endif

// MARK: Hosts

extension TestHost {
    /// The runtime's own host: no modules, only the diagnostics service these tests call
    /// (echo, sleep, download, crc), on in-memory stores in a short `/tmp/st-…` folder.
    static func bare(_ configure: (inout HostConfiguration) -> Void = { _ in }) async throws -> TestHost {
        try await start(modules: [], prefix: "st", configure: { configuration in
            configuration.diagnostics = true
            configure(&configuration)
        })
    }
}

/// Starts a ``TestHost/bare(_:)`` host, runs `body`, and always shuts the host down.
@discardableResult
func withHost<T>(
    _ configure: (inout HostConfiguration) -> Void = { _ in },
    _ body: (TestHost) async throws -> T
) async throws -> T {
    try await withHost(TestHost.bare(configure), body)
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
    let socket: RawUnixSocket

    init(path: String) async throws {
        socket = try await offPool { try RawUnixSocket(path: path) }
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
