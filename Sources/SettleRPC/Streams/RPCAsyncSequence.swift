/// A stream of incoming messages: a client stream on the server, a server stream on the client.
///
/// Wraps the transport's raw byte stream and decodes lazily, so a bad message fails at the
/// point it is read with an error naming it.
public struct RPCAsyncSequence<Element: Sendable>: AsyncSequence, Sendable {
    public typealias Failure = any Error

    private let makeNext: @Sendable () -> @Sendable () async throws -> Element?

    public init(makeIterator: @escaping @Sendable () -> @Sendable () async throws -> Element?) {
        self.makeNext = makeIterator
    }

    /// Wraps any sendable async sequence.
    public init<Base: AsyncSequence & Sendable>(_ base: Base) where Base.Element == Element {
        self.makeNext = {
            let box = IteratorBox(base.makeAsyncIterator())
            return { try await box.next() }
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let nextElement: @Sendable () async throws -> Element?
        public mutating func next() async throws -> Element? { try await nextElement() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(nextElement: makeNext()) }

    /// The same stream with each element converted.
    public func map<Other: Sendable>(_ transform: @escaping @Sendable (Element) throws -> Other) -> RPCAsyncSequence<Other> {
        let outer = self.makeNext
        return RPCAsyncSequence<Other> {
            let next = outer()
            return { try await next().map(transform) }
        }
    }

    /// Collects every element; for tests and small streams.
    public func collect() async throws -> [Element] {
        var all: [Element] = []
        for try await element in self { all.append(element) }
        return all
    }
}

/// Holds a base iterator so a `@Sendable` closure can advance it; the runtime only ever
/// calls `next()` from one task at a time, as AsyncIteratorProtocol requires.
private final class IteratorBox<Base: AsyncIteratorProtocol>: @unchecked Sendable {
    var base: Base
    init(_ base: Base) { self.base = base }
    func next() async throws -> Base.Element? { try await base.next() }
}
