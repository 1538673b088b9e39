import Foundation

/// Runs blocking work (a raw socket's `recv`, a loop of connects) on a thread of its own.
///
/// Blocking calls on Swift's cooperative pool can starve the very host a test is talking to,
/// which on a two-core machine looks like a hang. A fresh thread per call never takes a pool
/// thread and lets a test that acts as another uid change only its own thread's credentials.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
