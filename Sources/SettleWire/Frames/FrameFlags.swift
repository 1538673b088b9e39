/// Bits qualifying a frame; reserved bits are sent as zero and ignored on receipt.
public struct FrameFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// MESSAGE: the payload is a zlib (RFC 1950) stream of the message.
    public static let compressed = FrameFlags(rawValue: 0x01)
    /// MESSAGE from a client: the last request message of the call.
    public static let endStream = FrameFlags(rawValue: 0x02)
}
