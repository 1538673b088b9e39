import Foundation
import SettleRPC
import SettleWire

/// TRAILERS and GOAWAY payloads that always fit the peer's `max_frame_size` (WIRE.md §7.5,
/// §7.8): the status message is truncated (then metadata and details dropped) rather than the
/// frame oversized. A status message is never longer than `maxStatusMessageBytes` either, so a
/// request cannot be echoed back at its own size.
extension ControlMessages {
    /// Longest `CallStatus.message` / `GoAway.message` sent, in UTF-8 bytes.
    static let maxStatusMessageBytes = 1024

    static func status(_ error: RPCError?, fitting maxFrameBytes: Int) -> [UInt8] {
        guard let error else { return [] }
        var status = Settle_Wire_V1_CallStatus()
        status.code = error.code.rawValue
        status.message = truncated(error.message, toBytes: maxStatusMessageBytes)
        status.details = Data(error.details)
        status.metadata = error.metadata
        var bytes = encode(status)
        if bytes.count <= maxFrameBytes { return bytes }
        status.metadata = [:]
        bytes = encode(status)
        if bytes.count <= maxFrameBytes { return bytes }
        status.details = Data()
        bytes = encode(status)
        if bytes.count <= maxFrameBytes { return bytes }
        // Only reachable with a frame limit below the protocol minimum.
        status.message = truncated(status.message, toBytes: max(0, maxFrameBytes - 16))
        return encode(status)
    }

    static func goAway(lastStreamID: UInt32, code: StatusCode, message: String, fitting maxFrameBytes: Int) -> [UInt8] {
        let limit = min(maxStatusMessageBytes, max(0, maxFrameBytes - 24))
        return goAway(lastStreamID: lastStreamID, code: code, message: truncated(message, toBytes: limit))
    }

    /// The longest prefix of `text` (whole Unicode scalars) of at most `limit` UTF-8 bytes,
    /// ending in "…" when something was cut.
    static func truncated(_ text: String, toBytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        let ellipsis = "…"
        let room = limit - ellipsis.utf8.count
        guard room > 0 else { return "" }
        var kept = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            let size = String(scalar).utf8.count
            if used + size > room { break }
            kept.append(scalar)
            used += size
        }
        return String(kept) + ellipsis
    }
}
