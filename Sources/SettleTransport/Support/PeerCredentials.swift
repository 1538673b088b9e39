import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// The credentials the kernel records for the process at the other end of a Unix socket.
///
/// Read with SO_PEERCRED, so a peer cannot claim to be someone else.
struct PeerCredentials: Sendable, Equatable {
    // Same layout as Linux's `struct ucred`, which Swift's Glibc module does not export.
    var pid: Int32
    var uid: UInt32
    var gid: UInt32

    /// The peer process's supplementary groups, read from /proc: SO_PEERCRED carries only the
    /// primary gid, and staff are usually granted roles through extra groups.
    static func supplementaryGroups(ofProcess pid: Int32) -> [UInt32] {
        #if os(Linux)
        guard pid > 0, let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return [] }
        for line in status.split(separator: "\n") where line.hasPrefix("Groups:") {
            return line.dropFirst("Groups:".count).split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { UInt32($0) }
        }
        #endif
        return []
    }

    /// Asks the kernel for the peer of `channel`; nil on platforms or channels without it.
    static func read(from channel: any Channel) -> EventLoopFuture<PeerCredentials?> {
        #if os(Linux)
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeSucceededFuture(nil)
        }
        let future: EventLoopFuture<PeerCredentials> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET),
            name: SocketOptionName(SO_PEERCRED)
        )
        return future.map { Optional($0) }.recover { _ in nil }
        #else
        return channel.eventLoop.makeSucceededFuture(nil)
        #endif
    }
}
