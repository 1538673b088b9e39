/// What the other side of a connection accepts, read from its SETTINGS frame (WIRE.md §5.2).
///
/// A sender obeys these when it writes: no message above `maxMessageBytes`, no frame payload
/// above `maxFrameBytes`, compression only when the peer inflates zlib. Before the peer's
/// SETTINGS arrive the defaults apply and nothing is compressed (§5.3).
public struct PeerSettings: Sendable, Hashable {
    /// Largest frame payload the peer accepts; never below `WireLimits.minimumFrameBytes`.
    public var maxFrameBytes: Int
    /// Largest message (after decompression) the peer accepts.
    public var maxMessageBytes: Int
    /// Most calls the peer lets a client keep open (only a server states it).
    public var maxConcurrentStreams: Int
    /// Messages at least this large are compressed; nil when the peer does not inflate zlib.
    public var compressionThreshold: Int?

    public init(maxFrameBytes: Int, maxMessageBytes: Int, maxConcurrentStreams: Int, compressionThreshold: Int?) {
        self.maxFrameBytes = maxFrameBytes
        self.maxMessageBytes = maxMessageBytes
        self.maxConcurrentStreams = maxConcurrentStreams
        self.compressionThreshold = compressionThreshold
    }

    /// What a peer is assumed to accept until its SETTINGS arrive (§5.3): defaults, no zlib.
    public static let beforeSettings = PeerSettings(
        maxFrameBytes: WireLimits.defaults.maxFrameBytes,
        maxMessageBytes: WireLimits.defaults.maxMessageBytes,
        maxConcurrentStreams: WireLimits.defaults.maxConcurrentStreams,
        compressionThreshold: nil
    )

    /// Reads a decoded SETTINGS payload; zero values mean the defaults of §5.2.
    ///
    /// A `max_frame_size` below the protocol minimum is a protocol violation: a peer that
    /// cannot take a frame of that size could not receive a TRAILERS or GOAWAY explaining why.
    public init(_ settings: Settle_Wire_V1_Settings) throws(WireError) {
        let defaults = WireLimits.defaults
        let frame = settings.maxFrameSize == 0 ? defaults.maxFrameBytes : Int(settings.maxFrameSize)
        guard frame >= WireLimits.minimumFrameBytes else {
            throw .protocolViolation("SETTINGS max_frame_size \(frame) is below the minimum of \(WireLimits.minimumFrameBytes) bytes")
        }
        maxFrameBytes = frame
        maxMessageBytes = settings.maxMessageSize == 0 ? defaults.maxMessageBytes : Int(settings.maxMessageSize)
        maxConcurrentStreams = settings.maxConcurrentStreams == 0 ? defaults.maxConcurrentStreams : Int(settings.maxConcurrentStreams)
        if settings.acceptCompression.contains("zlib") {
            compressionThreshold = settings.compressionThreshold == 0 ? defaults.compressionThresholdBytes : Int(settings.compressionThreshold)
        } else {
            compressionThreshold = nil
        }
    }

    /// Why a message of `count` bytes cannot be sent to this peer (named `peer`, "client"
    /// or "server", in the text); nil when it can.
    public func refusal(messageOf count: Int, what: String, peer: String) -> String? {
        guard count > maxMessageBytes else { return nil }
        return "\(what) of \(count) bytes exceeds the \(peer)'s maximum message size of \(maxMessageBytes) bytes"
    }
}
