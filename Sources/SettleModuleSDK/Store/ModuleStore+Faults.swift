internal import Foundation
internal import GRDB
internal import Logging
internal import Synchronization

extension ModuleStore {
    /// The storage fault the store's writes are failing with, or nil when they succeed.
    public var writeFault: StoreFault? { faultState.withLock { $0 } }

    /// Runs one write transaction through the gate and the fault state (see ``StoreFault``):
    /// while a fault stands and its retry is not due, the write is refused without touching
    /// the disk; when it is due, the file is reopened and the write tried; success clears it.
    func performWrite<T>(_ operation: (any DatabaseWriter) async throws -> T) async throws -> T {
        await gate.enter()
        defer { gate.leave() }
        if let fault = writeFault {
            let now = Date()
            guard now >= fault.nextAttempt else { throw fault.rpcError }
            do {
                try reopen()
            } catch {
                throw recordFault(error, fallback: fault).rpcError
            }
        }
        do {
            let value = try await operation(writer)
            clearFault()
            return value
        } catch {
            if StoreFault.kind(of: error) != nil { throw recordFault(error, fallback: nil).rpcError }
            throw error
        }
    }

    /// Tries a write now when a fault stands and its retry is due, so a module heals without
    /// waiting for a caller; with `force`, tries one even without a fault (at start-up, to
    /// find a store that opened but cannot write). Returns the fault left, if any.
    ///
    /// The probe rewrites the file's `user_version` with its own value: a real write (page 1
    /// goes through the WAL) that changes nothing.
    @discardableResult
    public func probeWrites(force: Bool = false) async -> StoreFault? {
        guard path != nil else { return nil }
        if let fault = writeFault {
            guard Date() >= fault.nextAttempt else { return fault }
        } else if !force {
            return nil
        }
        _ = try? await performWrite { writer in
            try await writer.write { db in
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                try db.execute(sql: "PRAGMA user_version = \(version)")
            }
        }
        return writeFault
    }

    /// Records a failed write (or reopen); returns the fault now standing.
    private func recordFault(_ error: any Error, fallback: StoreFault?) -> StoreFault {
        let (kind, cause) = StoreFault.kind(of: error) ?? (fallback?.kind ?? .ioError, fallback?.cause ?? "\(error)")
        let now = Date()
        let fault = faultState.withLock { state -> StoreFault in
            let next = state.map { $0.failedAgain(cause: cause, kind: kind, at: now) } ?? .first(kind: kind, module: module, cause: cause, at: now)
            state = next
            return next
        }
        if fault.attempts == 1 {
            logger?.error("store cannot write", metadata: ["module": "\(module)", "path": "\(location)", "cause": "\(cause)", "error": "\(error)"])
        } else {
            logger?.debug("store still cannot write", metadata: ["module": "\(module)", "attempts": "\(fault.attempts)", "error": "\(error)"])
        }
        return fault
    }

    private func clearFault() {
        guard let cleared = faultState.withLock({ state -> StoreFault? in
            defer { state = nil }
            return state
        }) else { return }
        logger?.notice("store writes again", metadata: ["module": "\(module)", "path": "\(location)", "fault": "\(cleared.cause)", "attempts": "\(cleared.attempts)"])
    }
}
