import NIOCore
import SettleTestSupport
import SettleWire
import XCTest

// Small helpers shared by the SettleWire tests.

/// The bytes of one frame as `ByteBuffer.writeFrame` lays them out.
func frameBytes(_ type: FrameType, flags: FrameFlags = [], stream streamID: UInt32, payload: [UInt8] = []) -> [UInt8] {
    var buffer = ByteBuffer()
    buffer.writeFrame(type: type, flags: flags, streamID: streamID, bytes: payload)
    return Array(buffer.readableBytesView)
}

/// A frame header built by hand (big-endian), independent of `writeFrame`, for headers no
/// well-behaved sender would write: unknown types, oversized lengths, lengths that lie.
func rawHeader(length: UInt32, type: UInt8, flags: UInt8 = 0, stream streamID: UInt32) -> [UInt8] {
    bigEndian(length) + [type, flags] + bigEndian(streamID)
}

func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
}

/// The v1 preface: "SETTLE", version, reserved.
let prefaceV1: [UInt8] = [0x53, 0x45, 0x54, 0x54, 0x4C, 0x45, 0x01, 0x00]

/// A frame value with an array payload.
func frame(_ type: FrameType, flags: FrameFlags = [], stream streamID: UInt32, payload: [UInt8] = []) -> Frame {
    Frame(type: type, flags: flags, streamID: streamID, payload: ByteBuffer(bytes: payload))
}

/// What decoding a whole input produced: every complete event, and how many bytes were left.
struct Decoded: Equatable {
    var events: [WireEvent]
    var leftoverBytes: Int
}

/// Calls `next(from:)` until it asks for more bytes.
func drain(_ decoder: inout FrameDecoder, _ buffer: inout ByteBuffer) throws(WireError) -> [WireEvent] {
    var events: [WireEvent] = []
    while let event = try decoder.next(from: &buffer) {
        events.append(event)
    }
    return events
}

/// Decodes `bytes` as one read.
func decodeAll(
    _ bytes: [UInt8], expectPreface: Bool = true, maxFrameBytes: Int = WireLimits.defaults.maxFrameBytes
) throws(WireError) -> Decoded {
    var decoder = FrameDecoder(expectPreface: expectPreface, maxFrameBytes: maxFrameBytes)
    var buffer = ByteBuffer(bytes: bytes)
    let events = try drain(&decoder, &buffer)
    return Decoded(events: events, leftoverBytes: buffer.readableBytes)
}

/// Mirrors `FrameDecoder.decodeLast`, which needs a channel: the input has ended, so decode what
/// is whole and report a partial preface or frame as `.truncated`.
func decodeToEnd(_ decoder: inout FrameDecoder, _ buffer: inout ByteBuffer) throws(WireError) -> [WireEvent] {
    let events = try drain(&decoder, &buffer)
    if buffer.readableBytes > 0 { throw .truncated(bufferedBytes: buffer.readableBytes) }
    return events
}

/// The error decoding `bytes` in one read throws, or nil (with a failure) if it throws none.
func decodingError(
    _ bytes: [UInt8], expectPreface: Bool = true, maxFrameBytes: Int = WireLimits.defaults.maxFrameBytes,
    file: StaticString = #filePath, line: UInt = #line
) -> WireError? {
    do {
        let decoded = try decodeAll(bytes, expectPreface: expectPreface, maxFrameBytes: maxFrameBytes)
        XCTFail("expected a WireError, decoded \(decoded)", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// Asserts decoding `bytes` as frames (a decoder past its preface) throws exactly `expected`.
func assertFramesFail(
    _ bytes: [UInt8], with expected: WireError,
    maxFrameBytes: Int = WireLimits.defaults.maxFrameBytes, file: StaticString = #filePath, line: UInt = #line
) {
    let error = decodingError(bytes, expectPreface: false, maxFrameBytes: maxFrameBytes, file: file, line: line)
    XCTAssertEqual(error, expected, file: file, line: line)
}

func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var generator = SplitMix64(seed: seed)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count + 8)
    while bytes.count < count {
        withUnsafeBytes(of: generator.next()) { bytes.append(contentsOf: $0) }
    }
    return Array(bytes.prefix(count))
}

/// Bytes from a hex dump ("53 45 54 ..."), whitespace ignored.
func hex(_ text: String) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace }
    precondition(digits.count % 2 == 0, "odd number of hex digits")
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}
