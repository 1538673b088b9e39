/// The error a call ends with when its status is not OK.
///
/// Handlers throw it (or a type that converts to it) to choose the status a caller sees;
/// clients catch it to learn what the server said.
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: StatusCode
    /// Words for a person: names what was wrong and, where it helps, what to do.
    public var message: String
    /// Optional machine-readable details, a serialized message the method's contract names.
    public var details: [UInt8]
    public var metadata: [String: String]

    public init(_ code: StatusCode, _ message: String, details: [UInt8] = [], metadata: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.details = details
        self.metadata = metadata
    }

    public var description: String { "\(code.name): \(message)" }
}

extension RPCError {
    /// The one wording of a missed deadline, whichever side noticed it first.
    public static func deadlineExceeded(_ method: MethodDescriptor) -> RPCError {
        RPCError(.deadlineExceeded, "deadline passed before \(method.fullName) finished")
    }
}

/// A domain error that knows which status it should end a call with.
///
/// Lets modules keep their own error types while the runtime still answers with a precise code.
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}

extension RPCError {
    /// Maps anything a handler threw to what the caller is told.
    ///
    /// Errors that are not RPC errors become `UNKNOWN` with a generic message so internals
    /// (SQL text, file paths) never leak; the transport logs the original.
    public static func from(_ error: any Error) -> RPCError {
        if let rpc = error as? RPCError { return rpc }
        if let convertible = error as? any RPCErrorConvertible { return convertible.rpcError }
        if error is CancellationError { return RPCError(.cancelled, "the call was cancelled") }
        return RPCError(.unknown, "the server failed to handle the call; its log has the detail")
    }
}
