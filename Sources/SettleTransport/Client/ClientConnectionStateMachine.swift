import SettleRPC
import SettleWire

/// The rules of one client connection (WIRE.md §4.2, §5, §10, §12.4), kept apart from the
/// socket: stream ids, which server frames are allowed, what the server accepts, and which
/// calls a GOAWAY ends.
///
/// A value type with no I/O, tested without a channel; `ClientConnectionHandler` feeds it
/// the server's frames and carries out what it returns.
struct ClientConnectionStateMachine {
    enum Phase: Hashable, Sendable { case handshaking, open, goingAway, closed }

    enum FrameAction: Hashable {
        case ignore
        /// The server's SETTINGS arrived: calls may use its limits and compression.
        case ready
        case pong
        /// A MESSAGE for an open call.
        case deliver(UInt32)
        /// TRAILERS for an open call: it ends.
        case finish(UInt32)
        /// The server is going away: these calls (above its `last_stream_id`) were never
        /// started and fail with `error`; later calls fail the same way.
        case goAway(failing: [UInt32], error: RPCError)
    }

    private(set) var phase = Phase.handshaking
    private(set) var server = PeerSettings.beforeSettings
    private(set) var openCalls: Set<UInt32> = []
    private(set) var nextStreamID: UInt32 = 1
    private var receivedSettings = false
    /// Whether requests may be compressed at all (a client option).
    let compressRequests: Bool

    init(compressRequests: Bool) {
        self.compressRequests = compressRequests
    }

    /// The threshold from which requests are compressed; nil when they never are.
    var requestCompressionThreshold: Int? { compressRequests ? server.compressionThreshold : nil }

    mutating func receive(_ frame: Frame) throws(WireError) -> FrameAction {
        if phase == .closed { return .ignore }
        switch frame.type {
        case .settings:
            guard !receivedSettings else { throw .protocolViolation("a second SETTINGS frame") }
            receivedSettings = true
            server = try PeerSettings(ControlMessages.decode(Settle_Wire_V1_Settings.self, from: frame.payload))
            if phase == .handshaking { phase = .open }
            return .ready
        case .message, .trailers:
            guard frame.streamID < nextStreamID else {
                throw .protocolViolation("\(frame.type) for stream \(frame.streamID), which the client never opened")
            }
            guard openCalls.contains(frame.streamID) else { return .ignore }
            if frame.type == .trailers {
                openCalls.remove(frame.streamID)
                return .finish(frame.streamID)
            }
            return .deliver(frame.streamID)
        case .goAway:
            let goAway = try ControlMessages.decode(Settle_Wire_V1_GoAway.self, from: frame.payload)
            let code = StatusCode(rawValue: goAway.code)
            let reported: StatusCode = code == .internalError || code == .failedPrecondition || code == .resourceExhausted ? code : .unavailable
            let error = RPCError(reported, "server is going away: \(goAway.message)")
            phase = .goingAway
            let failing = openCalls.filter { $0 > goAway.lastStreamID }.sorted()
            openCalls.subtract(failing)
            return .goAway(failing: failing, error: error)
        case .ping:
            return .pong
        case .pong:
            return .ignore
        case .headers, .cancel, .halfClose:
            throw .protocolViolation("\(frame.type) sent by a server")
        default:
            throw .unknownFrameType(frame.type.rawValue)
        }
    }

    /// A new stream id for a call, or nil when the connection takes no new calls (going
    /// away, closed, or out of stream ids).
    mutating func openCall() -> UInt32? {
        guard phase == .open || phase == .handshaking, nextStreamID != 0 else { return nil }
        let id = nextStreamID
        nextStreamID &+= 1
        openCalls.insert(id)
        return id
    }

    /// The call ended on the client's side (cancelled, deadline, failed locally).
    mutating func callEnded(_ id: UInt32) {
        openCalls.remove(id)
    }

    /// Why a request message of `count` bytes (`compressed` payload bytes when compressed)
    /// cannot be sent to this server (§9.3); nil when it can.
    func refusal(requestOf count: Int, payloadBytes: Int) -> RPCError? {
        if let reason = server.refusal(messageOf: count, what: "request", peer: "server") {
            return RPCError(.resourceExhausted, reason)
        }
        if payloadBytes > server.maxFrameBytes {
            return RPCError(.resourceExhausted, "request frame of \(payloadBytes) bytes exceeds the server's maximum frame size of \(server.maxFrameBytes) bytes")
        }
        return nil
    }

    /// Marks the connection closed; false when it already was.
    mutating func close() -> Bool {
        guard phase != .closed else { return false }
        phase = .closed
        openCalls.removeAll()
        return true
    }
}
