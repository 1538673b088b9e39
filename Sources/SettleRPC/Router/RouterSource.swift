import Synchronization

/// A router that is filled in after the things that call it were created.
///
/// Modules receive their in-process clients before every module has registered its methods;
/// the host publishes the finished router here once, before it serves any call.
public final class RouterSource: Sendable {
    private let slot: Mutex<Router>

    public init(_ router: Router = Router()) {
        slot = Mutex(router)
    }

    /// Replaces the router every in-process transport built on this source uses.
    public func publish(_ router: Router) {
        slot.withLock { $0 = router }
    }

    public var router: Router { slot.withLock { $0 } }
}
