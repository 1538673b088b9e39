public import NIOCore

/// Runs Swift tasks on a NIO event loop's thread.
///
/// Handlers and waiting callers started with this executor preference resume on the loop that
/// owns their connection, so a call costs no thread hop between NIO and Swift's pool
/// (each hop costs about 30 µs on these machines). Work that blocks (SQLite through GRDB)
/// still leaves the loop, because GRDB runs it on its own queues.
public final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: holds only an immutable reference to a thread-safe EventLoop.
    public let eventLoop: any EventLoop

    public init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
