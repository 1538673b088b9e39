import NIOCore
import SettleRPC
import SettleWire
import SwiftProtobuf
@testable import SettleTransport

/// Builders for frames and payloads the transport tests feed to state machines and channels.
enum Frames {
    static func settings(maxFrame: UInt32 = 0, maxMessage: UInt32 = 0, zlib: Bool = true, threshold: UInt32 = 0) -> Frame {
        var settings = Settle_Wire_V1_Settings()
        settings.maxFrameSize = maxFrame
        settings.maxMessageSize = maxMessage
        settings.compressionThreshold = threshold
        if zlib { settings.acceptCompression = ["zlib"] }
        return Frame(type: .settings, streamID: 0, payload: ByteBuffer(bytes: ControlMessages.encode(settings)))
    }

    static func headers(_ id: UInt32, method: String = "/t.v1.T/Echo", metadata: [String: String] = [:]) -> Frame {
        var headers = Settle_Wire_V1_RequestHeaders()
        headers.method = method
        headers.metadata = metadata
        return Frame(type: .headers, streamID: id, payload: ByteBuffer(bytes: ControlMessages.encode(headers)))
    }

    static func message(_ id: UInt32, _ bytes: [UInt8] = [], endStream: Bool = true) -> Frame {
        Frame(type: .message, flags: endStream ? .endStream : [], streamID: id, payload: ByteBuffer(bytes: bytes))
    }

    static func empty(_ type: FrameType, _ id: UInt32) -> Frame {
        Frame(type: type, streamID: id)
    }

    static func goAway(last: UInt32, code: StatusCode, message: String = "bye") -> Frame {
        Frame(type: .goAway, streamID: 0, payload: ByteBuffer(bytes: ControlMessages.goAway(lastStreamID: last, code: code, message: message)))
    }

    static func trailers(_ id: UInt32) -> Frame {
        Frame(type: .trailers, streamID: id)
    }

    /// A whole frame's bytes as they go on the wire.
    static func bytes(_ frame: Frame) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeFrame(frame)
        return Array(buffer.readableBytesView)
    }
}

/// Splits the bytes a peer wrote into the preface (if any) and frames.
func parseOutput(_ bytes: [UInt8], preface: Bool) throws -> [Frame] {
    var decoder = FrameDecoder(expectPreface: preface, maxFrameBytes: 1 << 30)
    var buffer = ByteBuffer(bytes: bytes)
    var frames: [Frame] = []
    while let event = try decoder.next(from: &buffer) {
        if case .frame(let frame) = event { frames.append(frame) }
    }
    return frames
}
