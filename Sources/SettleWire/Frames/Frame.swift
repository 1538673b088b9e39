public import NIOCore

/// One unit on the wire: a 10-byte header (length, type, flags, stream id) and its payload.
public struct Frame: Hashable, Sendable {
    public var type: FrameType
    public var flags: FrameFlags
    public var streamID: UInt32
    public var payload: ByteBuffer

    public init(type: FrameType, flags: FrameFlags = [], streamID: UInt32, payload: ByteBuffer = ByteBuffer()) {
        self.type = type
        self.flags = flags
        self.streamID = streamID
        self.payload = payload
    }

    /// Header bytes before every payload.
    public static let headerSize = 10
}

extension ByteBuffer {
    /// Appends a frame header and payload; used for every frame a peer sends.
    @inlinable
    public mutating func writeFrame(type: FrameType, flags: FrameFlags = [], streamID: UInt32, payload: ByteBuffer) {
        writeFrameHeader(type: type, flags: flags, streamID: streamID, length: payload.readableBytes)
        var payload = payload
        writeBuffer(&payload)
    }

    /// Appends a frame whose payload is a byte array.
    @inlinable
    public mutating func writeFrame(type: FrameType, flags: FrameFlags = [], streamID: UInt32, bytes: some Collection<UInt8>) {
        writeFrameHeader(type: type, flags: flags, streamID: streamID, length: bytes.count)
        writeBytes(bytes)
    }

    @inlinable
    public mutating func writeFrameHeader(type: FrameType, flags: FrameFlags, streamID: UInt32, length: Int) {
        writeMultipleIntegers(UInt32(truncatingIfNeeded: length), type.rawValue, flags.rawValue, streamID)
    }

    /// Appends a whole frame value.
    public mutating func writeFrame(_ frame: Frame) {
        writeFrame(type: frame.type, flags: frame.flags, streamID: frame.streamID, payload: frame.payload)
    }
}
