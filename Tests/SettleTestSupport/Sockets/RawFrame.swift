/// A frame as bytes, with no interpretation: what a test that speaks (or breaks) the wire
/// protocol by hand sends and reads, without the transport's own decoder in the way.
public struct RawFrame: Sendable, Equatable {
    public var type: UInt8
    public var flags: UInt8
    public var streamID: UInt32
    public var payload: [UInt8]

    public init(type: UInt8, flags: UInt8, streamID: UInt32, payload: [UInt8]) {
        self.type = type
        self.flags = flags
        self.streamID = streamID
        self.payload = payload
    }

    /// The frame as it goes on the wire.
    public var bytes: [UInt8] { Self.header(type: type, flags: flags, streamID: streamID, length: payload.count) + payload }

    /// The 10-byte header: length (4), type, flags, stream id (4), all big-endian.
    public static func header(type: UInt8, flags: UInt8 = 0, streamID: UInt32, length: Int) -> [UInt8] {
        let length = UInt32(truncatingIfNeeded: length)
        return [
            UInt8(truncatingIfNeeded: length >> 24), UInt8(truncatingIfNeeded: length >> 16),
            UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length),
            type, flags,
            UInt8(truncatingIfNeeded: streamID >> 24), UInt8(truncatingIfNeeded: streamID >> 16),
            UInt8(truncatingIfNeeded: streamID >> 8), UInt8(truncatingIfNeeded: streamID),
        ]
    }

    /// One whole frame's bytes.
    public static func frame(_ type: UInt8, flags: UInt8 = 0, stream: UInt32 = 0, _ payload: [UInt8] = []) -> [UInt8] {
        RawFrame(type: type, flags: flags, streamID: stream, payload: payload).bytes
    }

    /// The length and stream id a 10-byte `header` names.
    static func fields(of header: ArraySlice<UInt8>) -> (length: Int, streamID: UInt32) {
        let h = Array(header)
        let length = Int(UInt32(h[0]) << 24 | UInt32(h[1]) << 16 | UInt32(h[2]) << 8 | UInt32(h[3]))
        let streamID = UInt32(h[6]) << 24 | UInt32(h[7]) << 16 | UInt32(h[8]) << 8 | UInt32(h[9])
        return (length, streamID)
    }

    /// Splits what a server sent after its preface into frames; a trailing partial frame is an error.
    public static func parse(_ bytes: ArraySlice<UInt8>) throws -> [RawFrame] {
        var frames: [RawFrame] = []
        var rest = bytes
        while !rest.isEmpty {
            guard rest.count >= 10 else { throw RawSocketError(description: "partial frame header: \(Array(rest))") }
            let header = rest.prefix(10)
            let (length, streamID) = fields(of: header)
            guard rest.count >= 10 + length else { throw RawSocketError(description: "partial frame body") }
            frames.append(RawFrame(
                type: header[header.startIndex + 4], flags: header[header.startIndex + 5], streamID: streamID,
                payload: Array(rest.dropFirst(10).prefix(length))))
            rest = rest.dropFirst(10 + length)
        }
        return frames
    }
}
