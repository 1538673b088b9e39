public import NIOCore

extension EventLoop {
    /// Runs `body` now when already on this loop (the common case for handlers started with the
    /// loop's task executor), otherwise schedules it; saves a queue round trip per call.
    @inlinable
    func executeOrRun(_ body: @escaping @Sendable () -> Void) {
        if inEventLoop { body() } else { execute(body) }
    }
}
