/// A violation of the wire format, found while reading a peer's bytes.
///
/// Each case's description names what was wrong in words an operator can act on; the
/// connection answers it with a GOAWAY carrying `statusCode` and that description.
public enum WireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The first bytes were not "SETTLE": not a Settle peer.
    case badPreface(received: [UInt8])
    case unsupportedVersion(received: UInt8, supported: UInt8)
    case frameTooLarge(length: Int, limit: Int)
    case unknownFrameType(UInt8)
    case invalidStreamID(type: FrameType, streamID: UInt32)
    case invalidPayload(type: FrameType, reason: String)
    /// The connection ended in the middle of a frame or preface.
    case truncated(bufferedBytes: Int)
    /// A frame arrived that is not allowed in the connection's current state.
    case protocolViolation(String)

    /// The gRPC status code a GOAWAY for this error carries (Protocols/WIRE.md).
    public var statusCode: Int32 {
        switch self {
        case .unsupportedVersion: 9  // FAILED_PRECONDITION
        case .frameTooLarge: 8  // RESOURCE_EXHAUSTED
        default: 13  // INTERNAL: a protocol violation
        }
    }

    public var description: String {
        switch self {
        case .badPreface(let received):
            "connection preface is not \"SETTLE\": received bytes \(received.map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: " "))"
        case let .unsupportedVersion(received, supported):
            "unsupported protocol version \(received); this server speaks \(supported)"
        case let .frameTooLarge(length, limit):
            "frame of \(length) bytes exceeds the maximum frame size of \(limit) bytes"
        case .unknownFrameType(let raw):
            "unknown frame type 0x\(String(raw, radix: 16).leftPadded(to: 2))"
        case let .invalidStreamID(type, streamID):
            type.isConnectionLevel
                ? "frame type \(type) must use stream 0, not stream \(streamID)"
                : "frame type \(type) must not use stream 0"
        case let .invalidPayload(type, reason):
            "invalid \(type) frame: \(reason)"
        case .truncated(let buffered):
            "connection closed in the middle of a frame (\(buffered) bytes of it received)"
        case .protocolViolation(let what):
            "protocol violation: \(what)"
        }
    }
}
