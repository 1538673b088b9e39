import Foundation
import NIOCore
import SettleRPC
import SettleWire
import SwiftProtobuf

/// Builds and parses the protobuf payloads of control frames (SETTINGS, HEADERS, TRAILERS, GOAWAY).
enum ControlMessages {
    static func encode(_ message: some SwiftProtobuf.Message) -> [UInt8] {
        // Control messages hold only strings, integers and maps: serialization cannot fail.
        (try? message.serializedBytes()) ?? []
    }

    static func decode<M: SwiftProtobuf.Message>(_ type: M.Type, from payload: ByteBuffer) throws(WireError) -> M {
        do {
            return try M(serializedBytes: Array(payload.readableBytesView))
        } catch {
            throw .invalidPayload(type: frameType(for: M.self), reason: "not a valid \(M.protoMessageName)")
        }
    }

    private static func frameType<M>(for type: M.Type) -> FrameType {
        switch type {
        case is Settle_Wire_V1_Settings.Type: .settings
        case is Settle_Wire_V1_RequestHeaders.Type: .headers
        case is Settle_Wire_V1_CallStatus.Type: .trailers
        default: .goAway
        }
    }

    static func settings(_ limits: WireLimits, agent: String, isServer: Bool) -> [UInt8] {
        var settings = Settle_Wire_V1_Settings()
        settings.maxFrameSize = UInt32(clamping: limits.maxFrameBytes)
        settings.maxMessageSize = UInt32(clamping: limits.maxMessageBytes)
        settings.maxConcurrentStreams = isServer ? UInt32(clamping: limits.maxConcurrentStreams) : 0
        settings.compressionThreshold = UInt32(clamping: limits.compressionThresholdBytes)
        settings.acceptCompression = ["zlib"]
        settings.agent = agent
        return encode(settings)
    }

    static func status(_ error: RPCError?) -> [UInt8] {
        var status = Settle_Wire_V1_CallStatus()
        if let error {
            status.code = error.code.rawValue
            status.message = error.message
            status.details = Data(error.details)
            status.metadata = error.metadata
        }
        return encode(status)
    }

    static func goAway(lastStreamID: UInt32, code: StatusCode, message: String) -> [UInt8] {
        var goAway = Settle_Wire_V1_GoAway()
        goAway.lastStreamID = lastStreamID
        goAway.code = code.rawValue
        goAway.message = message
        return encode(goAway)
    }
}
