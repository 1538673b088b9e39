public import Foundation
internal import GRDB
internal import SettleDomain
public import SettleRPC

/// Why a store cannot write right now — the disk is full, the folder or file is read-only,
/// the device fails — with when it started, how often it was retried and when it is retried next.
///
/// A module's store records one when a write fails for a storage reason, answers every write
/// with it (without touching the disk) until the next retry is due, then retries — reopening
/// its connections first, since a connection opened on a read-only or failed device stays
/// broken — and clears it on the first write that succeeds. Retries back off from 100 ms,
/// doubling, to at most 5 s, so a full disk is not hammered and a freed one is used again
/// within seconds, by itself.
public struct StoreFault: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of storage fault, each answered with its own status code.
    public enum Kind: String, Sendable, Hashable {
        /// SQLITE_FULL: no space left on the device (or a quota). RESOURCE_EXHAUSTED.
        case full
        /// SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN: the file or folder cannot be written. UNAVAILABLE.
        case notWritable
        /// SQLITE_IOERR: the device failed the write. UNAVAILABLE.
        case ioError
    }

    public let kind: Kind
    /// The module whose store it is.
    public let module: String
    /// SQLite's own words for it, e.g. "database or disk is full".
    public let cause: String
    public let since: Date
    /// Failed attempts so far (the first write included).
    public let attempts: Int
    public let nextAttempt: Date

    /// The classification of a database error as a storage fault, or nil for any other error.
    static func kind(of error: any Error) -> (Kind, String)? {
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_FULL: return (.full, "database or disk is full")
        case .SQLITE_READONLY: return (.notWritable, "attempt to write a readonly database")
        case .SQLITE_PERM: return (.notWritable, "access permission denied")
        case .SQLITE_CANTOPEN: return (.notWritable, "unable to open database file")
        case .SQLITE_IOERR: return (.ioError, "disk I/O error")
        default: return nil
        }
    }

    /// The retry delay after `attempts` failures: 100 ms, doubling, at most 5 s.
    static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(5, 0.1 * pow(2, Double(max(0, min(attempts - 1, 10)))))
    }

    func failedAgain(cause: String, kind: Kind, at now: Date) -> StoreFault {
        StoreFault(kind: kind, module: module, cause: cause, since: since, attempts: attempts + 1,
                   nextAttempt: now.addingTimeInterval(Self.backoff(afterAttempts: attempts + 1)))
    }

    static func first(kind: Kind, module: String, cause: String, at now: Date) -> StoreFault {
        StoreFault(kind: kind, module: module, cause: cause, since: now, attempts: 1,
                   nextAttempt: now.addingTimeInterval(backoff(afterAttempts: 1)))
    }

    /// For health and logs: what fails, since when, and that it heals by itself.
    public var description: String {
        "writes failing since \(UTCTimestamp.string(from: since)): \(cause) in module \(module) (\(attempts) attempt(s); retrying by itself with backoff)"
    }

    /// What a caller is told: RESOURCE_EXHAUSTED for a full disk, UNAVAILABLE otherwise,
    /// naming the cause and the module (never the path: that is in the host's log).
    public var rpcError: RPCError {
        let message = "\(cause) in module \(module): its store cannot write now; it retries by itself once the fault clears, so retry the call later with the same idempotency key"
        return RPCError(kind == .full ? .resourceExhausted : .unavailable, message)
    }
}
