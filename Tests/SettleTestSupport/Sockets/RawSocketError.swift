/// What went wrong on a ``RawUnixSocket``, in words a failing test can print as they are.
public struct RawSocketError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}
