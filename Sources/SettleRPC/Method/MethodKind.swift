/// How many messages each side of a call sends.
public enum MethodKind: String, Sendable, Hashable, CaseIterable {
    /// One request, one response.
    case unary
    /// One request, a stream of responses (reports, progress of long runs).
    case serverStreaming = "server_streaming"
    /// A stream of requests (bulk uploads), one response.
    case clientStreaming = "client_streaming"
}
