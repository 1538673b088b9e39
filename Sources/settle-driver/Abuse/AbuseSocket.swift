import CThreadCredentials
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A raw, blocking Unix-socket client written from WIRE.md alone, as a hostile client would
/// write it: it sends exactly the bytes it is given and reads only when told to.
final class AbuseSocket: @unchecked Sendable {
    // @unchecked: each socket is used by one attack thread at a time.
    let fd: Int32

    /// Connects to `path`; when `asUID` is given (needs root) the host sees that uid, because
    /// SO_PEERCRED records the connecting thread's effective uid.
    init(path: String, asUID: UInt32? = nil, receiveTimeout seconds: Int = 10) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw DriverError("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8.prefix(raw.count - 1)) + [0])
        }
        if let asUID, settle_thread_set_effective_uid(asUID) != 0 {
            close(fd)
            throw DriverError("cannot connect as uid \(asUID): errno \(errno)")
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        let failure = errno
        if asUID != nil { _ = settle_thread_set_effective_uid(getuid()) }
        guard result == 0 else {
            close(fd)
            throw DriverError("connect \(path): errno \(failure)")
        }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// The pid of the process that accepted this connection (the host), from SO_PEERCRED.
    var peerPID: Int32? {
        var credentials = (pid: Int32(0), uid: UInt32(0), gid: UInt32(0))
        var length = socklen_t(MemoryLayout.size(ofValue: credentials))
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else { return nil }
        return credentials.pid
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw DriverError("send: errno \(errno)") }
            offset += sent
        }
    }

    /// Sends what the socket takes now; the number of bytes it took.
    func sendNow(_ bytes: ArraySlice<UInt8>) -> Int {
        max(0, bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) })
    }

    func read(exactly count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let received = bytes[offset...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard received > 0 else { throw DriverError(received == 0 ? "closed by the host" : "recv: errno \(errno)") }
            offset += received
        }
        return bytes
    }

    /// One frame: type, stream id, payload.
    func readFrame() throws -> (type: UInt8, stream: UInt32, payload: [UInt8]) {
        let header = try read(exactly: 10)
        let length = Int(UInt32(header[0]) << 24 | UInt32(header[1]) << 16 | UInt32(header[2]) << 8 | UInt32(header[3]))
        let stream = UInt32(header[6]) << 24 | UInt32(header[7]) << 16 | UInt32(header[8]) << 8 | UInt32(header[9])
        return (header[4], stream, try read(exactly: length))
    }
}

/// Frames as bytes (WIRE.md §6), and the few payloads the attacks need, encoded by hand.
enum RawWire {
    static let preface: [UInt8] = Array("SETTLE".utf8) + [1, 0]

    static func frame(_ type: UInt8, flags: UInt8 = 0, stream: UInt32 = 0, _ payload: [UInt8] = []) -> [UInt8] {
        let n = UInt32(payload.count)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF), type, flags,
                UInt8(stream >> 24), UInt8(stream >> 16 & 0xFF), UInt8(stream >> 8 & 0xFF), UInt8(stream & 0xFF)] + payload
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }

    static func field(_ number: UInt64, bytes: [UInt8]) -> [UInt8] { varint(number << 3 | 2) + varint(UInt64(bytes.count)) + bytes }
    static func field(_ number: UInt64, value: UInt64) -> [UInt8] { varint(number << 3) + varint(value) }

    /// SETTINGS of a client that takes no compression (so replies are as large as requests).
    static func settings(maxMessage: UInt64 = 0, maxFrame: UInt64 = 0) -> [UInt8] {
        var payload: [UInt8] = []
        if maxFrame > 0 { payload += field(1, value: maxFrame) }
        if maxMessage > 0 { payload += field(2, value: maxMessage) }
        payload += field(6, bytes: Array("settle-driver-abuse".utf8))
        return frame(0x01, payload)
    }

    static func headers(_ stream: UInt32, _ method: String) -> [UInt8] {
        frame(0x02, stream: stream, field(1, bytes: Array(method.utf8)))
    }

    /// An Echo request (`EchoRequest.payload`, field 1) of `count` bytes, sent with END_STREAM.
    static func echoCall(_ stream: UInt32, count: Int) -> [UInt8] {
        headers(stream, "/settle.diag.v1.Diagnostics/Echo")
            + frame(0x03, flags: 0x02, stream: stream, field(1, bytes: [UInt8](repeating: 0x41, count: count)))
    }

    static func healthCall(_ stream: UInt32) -> [UInt8] {
        headers(stream, "/settle.host.v1.Host/Health") + frame(0x03, flags: 0x02, stream: stream)
    }
}

/// Resident memory of a process, from /proc.
enum ProcessMemory {
    static func residentMiB(of pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return (line.split(separator: " ").compactMap { Double($0) }.first ?? 0) / 1024
        }
        return nil
    }
}

/// Runs blocking socket work on a thread of its own, off Swift's cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
