public import NIOCore

/// The 8 bytes each side sends first: "SETTLE", the protocol version, a reserved byte.
public enum Preface {
    public static let magic: [UInt8] = Array("SETTLE".utf8)
    public static let size = 8
    /// The protocol version this implementation speaks.
    public static let currentVersion: UInt8 = 1

    public static func bytes(version: UInt8 = currentVersion) -> [UInt8] {
        magic + [version, 0]
    }

    public static func write(into buffer: inout ByteBuffer, version: UInt8 = currentVersion) {
        buffer.writeBytes(bytes(version: version))
    }
}
