/// Sends messages on an open stream: a server's responses, or a client's requests.
///
/// A plain closure box so that transports decide how a write travels (socket, in-process)
/// while handlers see one type.
public struct RPCWriter<Element: Sendable>: Sendable {
    private let writeElement: @Sendable (Element) async throws -> Void

    public init(_ write: @escaping @Sendable (Element) async throws -> Void) {
        self.writeElement = write
    }

    /// Sends one message; waits when the receiver is slower than the sender.
    public func write(_ element: Element) async throws {
        try await writeElement(element)
    }

    /// Sends each message in order.
    public func write(contentsOf elements: some Sequence<Element>) async throws {
        for element in elements { try await writeElement(element) }
    }

    /// A writer of another type that converts before writing here.
    public func map<Other: Sendable>(_ transform: @escaping @Sendable (Other) throws -> Element) -> RPCWriter<Other> {
        RPCWriter<Other> { try await self.write(transform($0)) }
    }
}
