public import NIOCore

/// What the decoder hands up: the peer's preface once, then frames.
public enum WireEvent: Sendable, Hashable {
    case preface(version: UInt8)
    case frame(Frame)
}

/// Cuts a byte stream into the preface and frames, enforcing the frame-size limit before a
/// frame's body is buffered, and validating type and stream id.
///
/// A partial preface or frame leaves the reader index untouched until the rest arrives.
public struct FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = WireEvent

    private var awaitingPreface: Bool
    private let maxFrameBytes: Int

    /// - Parameters:
    ///   - expectPreface: whether the stream starts with the peer's 8-byte preface.
    ///   - maxFrameBytes: payloads longer than this are refused unread.
    public init(expectPreface: Bool = true, maxFrameBytes: Int = WireLimits.defaults.maxFrameBytes) {
        self.awaitingPreface = expectPreface
        self.maxFrameBytes = maxFrameBytes
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let event = try next(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(event))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while let event = try next(from: &buffer) {
            context.fireChannelRead(wrapInboundOut(event))
        }
        if buffer.readableBytes > 0 { throw WireError.truncated(bufferedBytes: buffer.readableBytes) }
        return .needMoreData
    }

    /// Decodes one event if the buffer holds a whole one; nil when more bytes are needed.
    /// The transport-free core, so tests can drive it without a channel.
    public mutating func next(from buffer: inout ByteBuffer) throws(WireError) -> WireEvent? {
        if awaitingPreface {
            guard buffer.readableBytes >= Preface.size else {
                // Reject a wrong magic as soon as its bytes show it, not only after 8 bytes.
                let available = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes) ?? []
                if !Preface.magic.starts(with: available.prefix(Preface.magic.count)) {
                    throw .badPreface(received: available)
                }
                return nil
            }
            let bytes = buffer.getBytes(at: buffer.readerIndex, length: Preface.size) ?? []
            guard Array(bytes.prefix(6)) == Preface.magic else { throw .badPreface(received: bytes) }
            let version = bytes[6]
            buffer.moveReaderIndex(forwardBy: Preface.size)
            awaitingPreface = false
            guard version == Preface.currentVersion else {
                throw .unsupportedVersion(received: version, supported: Preface.currentVersion)
            }
            return .preface(version: version)
        }
        guard let (length, rawType, rawFlags, streamID) = buffer.getMultipleIntegers(
            at: buffer.readerIndex, as: (UInt32, UInt8, UInt8, UInt32).self
        ) else { return nil }
        let payloadLength = Int(length)
        guard payloadLength <= maxFrameBytes else { throw .frameTooLarge(length: payloadLength, limit: maxFrameBytes) }
        let type = FrameType(rawValue: rawType)
        guard type.isKnown else { throw .unknownFrameType(rawType) }
        guard type.isConnectionLevel == (streamID == 0) else { throw .invalidStreamID(type: type, streamID: streamID) }
        guard buffer.readableBytes >= Frame.headerSize + payloadLength else { return nil }
        if (type == .ping || type == .pong) && payloadLength != 8 {
            throw .invalidPayload(type: type, reason: "payload must be 8 bytes, not \(payloadLength)")
        }
        if (type == .cancel || type == .halfClose) && payloadLength != 0 {
            throw .invalidPayload(type: type, reason: "payload must be empty, not \(payloadLength) bytes")
        }
        buffer.moveReaderIndex(forwardBy: Frame.headerSize)
        guard let payload = buffer.readSlice(length: payloadLength) else { return nil }
        return .frame(Frame(type: type, flags: FrameFlags(rawValue: rawFlags), streamID: streamID, payload: payload))
    }
}
