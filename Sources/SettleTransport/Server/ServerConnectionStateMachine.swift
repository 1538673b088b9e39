import SettleRPC
import SettleWire

/// The rules of one server connection (WIRE.md §4–§7, §10, §15), kept apart from the socket:
/// which frame is allowed when, which stream ids are open, when the connection closes.
///
/// A value type with no I/O, so every rule is tested without a channel; the handler feeds it
/// what arrives and carries out the action it returns.
struct ServerConnectionStateMachine {
    enum Phase: Hashable, Sendable { case awaitingPreface, awaitingSettings, open, draining, closed }

    /// What the handler does with a frame the machine accepted.
    enum FrameAction: Hashable {
        /// Nothing: a frame for an ended stream, a PONG, a GOAWAY from the client, or a frame
        /// after the connection was closed.
        case ignore
        /// The client's SETTINGS were accepted: the handshake is complete.
        case handshakeComplete
        /// Answer a PING with a PONG carrying the same payload.
        case pong
        /// A HEADERS frame passed the connection-level checks: decode it and start the call,
        /// then report `streamOpened` (or nothing, if the call was refused).
        case openStream(UInt32)
        /// A HEADERS frame refused before decoding (§10.4 rules 2–3): send these TRAILERS.
        case refuseStream(UInt32, RPCError)
        /// MESSAGE, HALF_CLOSE or CANCEL for an open stream.
        case streamFrame(UInt32)
    }

    /// What the handler does when the server asks the connection to drain.
    enum DrainAction: Hashable { case none, close, sendGoAway(closeNow: Bool) }

    /// What the handler does when the handshake timer fires.
    enum HandshakeTimeoutAction: Hashable { case none, close(sendGoAway: Bool) }

    /// What the handler does when the idle timer fires.
    enum IdleAction: Hashable { case none, close, checkAgain(afterNanoseconds: Int64) }

    private(set) var phase = Phase.awaitingPreface
    /// The highest stream id a HEADERS used (accepted or refused).
    private(set) var lastStreamID: UInt32 = 0
    /// What the client accepts; defaults until its SETTINGS arrive.
    private(set) var peer = PeerSettings.beforeSettings
    private(set) var openStreams: Set<UInt32> = []
    let maxConcurrentStreams: Int

    init(maxConcurrentStreams: Int) {
        self.maxConcurrentStreams = maxConcurrentStreams
    }

    /// The client's preface arrived; false when the connection is refused (over a limit) and
    /// must be told so and closed (`close()`).
    mutating func receivedPreface(admitted: Bool) -> Bool {
        guard phase == .awaitingPreface, admitted else { return false }
        phase = .awaitingSettings
        return true
    }

    /// Applies the rules of §5, §7 and §10.1 to one frame.
    mutating func receive(_ frame: Frame) throws(WireError) -> FrameAction {
        switch phase {
        case .awaitingPreface, .closed:
            return .ignore
        case .awaitingSettings:
            guard frame.type == .settings else {
                throw .protocolViolation("expected SETTINGS as the first frame, got \(frame.type)")
            }
            peer = try PeerSettings(ControlMessages.decode(Settle_Wire_V1_Settings.self, from: frame.payload))
            phase = .open
            return .handshakeComplete
        case .open, .draining:
            break
        }
        switch frame.type {
        case .headers: return try receiveHeaders(frame.streamID)
        case .message, .halfClose, .cancel:
            guard frame.streamID <= lastStreamID else {
                throw .protocolViolation("\(frame.type) for stream \(frame.streamID), which was never opened")
            }
            return openStreams.contains(frame.streamID) ? .streamFrame(frame.streamID) : .ignore
        case .ping: return .pong
        case .pong: return .ignore
        case .goAway:
            // §7.8: a client's GOAWAY is logged only, but it must still be a GoAway (§12.2).
            _ = try ControlMessages.decode(Settle_Wire_V1_GoAway.self, from: frame.payload)
            return .ignore
        case .settings: throw .protocolViolation("a second SETTINGS frame")
        case .trailers: throw .protocolViolation("TRAILERS sent by a client")
        default: throw .unknownFrameType(frame.type.rawValue)
        }
    }

    private mutating func receiveHeaders(_ id: UInt32) throws(WireError) -> FrameAction {
        guard id > lastStreamID else {
            throw .protocolViolation("stream id \(id) is not above the last stream id \(lastStreamID)")
        }
        lastStreamID = id
        if phase == .draining {
            return .refuseStream(id, RPCError(.unavailable, "server is shutting down; retry on a new connection"))
        }
        guard openStreams.count < maxConcurrentStreams else {
            return .refuseStream(id, RPCError(.resourceExhausted, "too many concurrent calls on this connection (limit \(maxConcurrentStreams))"))
        }
        return .openStream(id)
    }

    /// The call on `id` started: it counts against the concurrency limit until it ends.
    mutating func streamOpened(_ id: UInt32) {
        openStreams.insert(id)
    }

    /// The call on `id` ended (TRAILERS sent or CANCEL received); true when the connection
    /// was draining and this was its last call, so it closes now.
    mutating func streamClosed(_ id: UInt32) -> Bool {
        openStreams.remove(id)
        return phase == .draining && openStreams.isEmpty
    }

    /// Graceful shutdown (§15.1).
    mutating func beginDraining() -> DrainAction {
        switch phase {
        case .open:
            phase = .draining
            return .sendGoAway(closeNow: openStreams.isEmpty)
        case .awaitingPreface, .awaitingSettings:
            return .close
        case .draining, .closed:
            return .none
        }
    }

    /// §5.4: only a connection still in its handshake is closed; GOAWAY only if our preface went out.
    func handshakeTimedOut() -> HandshakeTimeoutAction {
        switch phase {
        case .awaitingPreface: .close(sendGoAway: false)
        case .awaitingSettings: .close(sendGoAway: true)
        case .open, .draining, .closed: .none
        }
    }

    /// §15.2: closes an open connection with no call and no frame for `limit`.
    func idleCheck(idleForNanoseconds idle: Int64, limitNanoseconds limit: Int64) -> IdleAction {
        guard phase == .open else { return .none }
        if openStreams.isEmpty && idle >= limit { return .close }
        return .checkAgain(afterNanoseconds: openStreams.isEmpty ? limit - idle : limit)
    }

    /// Marks the connection closed; false if it already was.
    mutating func close() -> Bool {
        guard phase != .closed else { return false }
        phase = .closed
        openStreams.removeAll()
        return true
    }
}
