/// The kind of a wire frame (Protocols/WIRE.md, "Frame types").
public struct FrameType: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let settings = FrameType(rawValue: 0x01)
    public static let headers = FrameType(rawValue: 0x02)
    public static let message = FrameType(rawValue: 0x03)
    public static let trailers = FrameType(rawValue: 0x04)
    public static let cancel = FrameType(rawValue: 0x05)
    public static let ping = FrameType(rawValue: 0x06)
    public static let pong = FrameType(rawValue: 0x07)
    public static let goAway = FrameType(rawValue: 0x08)
    public static let halfClose = FrameType(rawValue: 0x09)

    /// Types this version of the protocol defines.
    public static let known: [FrameType] = [.settings, .headers, .message, .trailers, .cancel, .ping, .pong, .goAway, .halfClose]

    public var isKnown: Bool { (0x01...0x09).contains(rawValue) }

    /// Whether the type belongs to the connection (stream 0) rather than to a call.
    public var isConnectionLevel: Bool {
        self == .settings || self == .ping || self == .pong || self == .goAway
    }

    public var description: String {
        switch rawValue {
        case 0x01: "SETTINGS"
        case 0x02: "HEADERS"
        case 0x03: "MESSAGE"
        case 0x04: "TRAILERS"
        case 0x05: "CANCEL"
        case 0x06: "PING"
        case 0x07: "PONG"
        case 0x08: "GOAWAY"
        case 0x09: "HALF_CLOSE"
        default: "0x" + String(rawValue, radix: 16, uppercase: false).leftPadded(to: 2)
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
