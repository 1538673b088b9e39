import CThreadCredentials
#if canImport(Glibc)
import Glibc
#endif

/// A plain blocking Unix stream socket, for speaking (or breaking) the wire protocol by hand:
/// half a header, a frame bomb, a client that never reads.
///
/// The transport's and the RPC runtime's abuse tests both need one; this is the one. Its calls
/// block, so tests run them through ``offPool(_:)``. Reads time out after `receiveTimeout`
/// seconds, so no test can hang on a server that stays silent.
public final class RawUnixSocket: Sendable {
    public let fd: Int32

    /// Connects to `path`.
    ///
    /// - Parameter asUID: as root, the server sees this uid (SO_PEERCRED reads the connecting
    ///   thread's effective uid, which is set for the `connect` and then restored).
    public init(path: String, receiveTimeout: Int = 5, asUID: UInt32? = nil) throws {
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
        if let asUID, settle_thread_set_effective_uid(asUID) != 0 {
            let code = errno
            close(fd)
            throw RawSocketError(description: "cannot act as uid \(asUID): errno \(code)")
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        let code = errno
        if asUID != nil { _ = settle_thread_set_effective_uid(getuid()) }
        guard connected == 0 else {
            close(fd)
            throw RawSocketError(description: "connect(\(path)) failed: errno \(code)")
        }
        var timeout = timeval(tv_sec: receiveTimeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
    }

    deinit { close(fd) }

    /// All of `bytes`, however many `send` calls that takes.
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw RawSocketError(description: "send failed after \(offset) of \(bytes.count) bytes: errno \(errno)")
            }
            offset += sent
        }
    }

    /// What the socket takes without waiting; returns how many bytes it took.
    public func sendWithoutBlocking(_ bytes: [UInt8]) -> Int {
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        return max(0, sent)
    }

    /// Exactly `count` bytes; throws on EOF or timeout before that.
    public func read(exactly count: Int) throws -> [UInt8] {
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
    public func readToEOF(limit: Int = 1 << 20) throws -> [UInt8] {
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

    /// One whole frame: its 10-byte header, then the payload the header announces.
    public func readFrame() throws -> RawFrame {
        let header = try read(exactly: 10)
        let (length, streamID) = RawFrame.fields(of: header[...])
        let payload = length > 0 ? try read(exactly: length) : []
        return RawFrame(type: header[4], flags: header[5], streamID: streamID, payload: payload)
    }
}
