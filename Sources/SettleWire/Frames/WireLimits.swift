/// The hard limits one side enforces on what its peer sends. All configurable.
public struct WireLimits: Sendable, Hashable {
    /// Largest frame payload accepted; checked before the body is buffered.
    public var maxFrameBytes: Int
    /// Largest message accepted after decompression; inflating stops here.
    public var maxMessageBytes: Int
    /// Most calls a client may have open at once on one connection.
    public var maxConcurrentStreams: Int
    /// Messages this large or larger are sent compressed.
    public var compressionThresholdBytes: Int

    public init(
        maxFrameBytes: Int = 16 << 20,
        maxMessageBytes: Int = 16 << 20,
        maxConcurrentStreams: Int = 256,
        compressionThresholdBytes: Int = 1024
    ) {
        self.maxFrameBytes = maxFrameBytes
        self.maxMessageBytes = maxMessageBytes
        self.maxConcurrentStreams = maxConcurrentStreams
        self.compressionThresholdBytes = compressionThresholdBytes
    }

    public static let defaults = WireLimits()

    /// The smallest `max_frame_size` a peer may advertise (WIRE.md §5.2): every TRAILERS and
    /// GOAWAY, its status message truncated if need be, fits in a frame of this size.
    public static let minimumFrameBytes = 4096
}
