import NIOCore
import SettleWire
import XCTest

/// How the decoder cuts a stream that arrives in arbitrary pieces.
final class FrameDecoderStreamingTests: XCTestCase {
    /// Twenty frames of every type, with payload sizes around the header size and a few large ones.
    static let variedFrames: [Frame] = [
        frame(.settings, stream: 0, payload: hex("08 80 80 80 08 10 80 80 80 08 18 80 02")),
        frame(.headers, stream: 1, payload: Array("/settle.accounts.v1.Accounts/Get".utf8)),
        frame(.message, stream: 1),
        frame(.message, flags: .endStream, stream: 1, payload: [0x2A]),
        frame(.halfClose, stream: 1),
        frame(.ping, stream: 0, payload: [8, 7, 6, 5, 4, 3, 2, 1]),
        frame(.headers, stream: 3, payload: randomBytes(9, seed: 1)),
        frame(.message, flags: .compressed, stream: 3, payload: randomBytes(10, seed: 2)),
        frame(.message, stream: 3, payload: randomBytes(11, seed: 3)),
        frame(.trailers, stream: 1),
        frame(.pong, stream: 0, payload: [0, 0, 0, 0, 0, 0, 0, 0]),
        frame(.message, stream: 3, payload: randomBytes(255, seed: 4)),
        frame(.message, stream: 3, payload: randomBytes(256, seed: 5)),
        frame(.cancel, stream: 3),
        frame(.headers, stream: 0x8000_0001, payload: randomBytes(1000, seed: 6)),
        frame(.message, flags: [.compressed, .endStream], stream: 0x8000_0001, payload: randomBytes(4096, seed: 7)),
        frame(.trailers, stream: 0x8000_0001, payload: hex("08 0d 12 04 62 75 73 79")),
        frame(.message, stream: UInt32.max, payload: randomBytes(70_000, seed: 8)),
        frame(.trailers, stream: UInt32.max),
        frame(.goAway, stream: 0, payload: hex("08 ff ff ff ff 0f 10 0e 1a 04 69 64 6c 65")),
    ]

    /// The preface and the varied frames, and the offset just past each event's last byte.
    static func variedStream() -> (bytes: [UInt8], eventEnds: [Int]) {
        var buffer = ByteBuffer()
        Preface.write(into: &buffer)
        var ends = [buffer.writerIndex]
        for frame in variedFrames {
            buffer.writeFrame(frame)
            ends.append(buffer.writerIndex)
        }
        return (Array(buffer.readableBytesView), ends)
    }

    static let variedEvents: [WireEvent] = [.preface(version: 1)] + variedFrames.map { .frame($0) }

    func testVariedStreamDecodesWhole() throws {
        let (bytes, _) = Self.variedStream()
        XCTAssertEqual(Self.variedFrames.count, 20)
        XCTAssertEqual(try decodeAll(bytes), Decoded(events: Self.variedEvents, leftoverBytes: 0))
    }

    /// One byte at a time: the same events, each one exactly when its last byte arrives, and a
    /// partial preface or frame never moves the reader index.
    func testByteByByteYieldsTheSameEventsAsWholeDecoding() throws {
        let (bytes, eventEnds) = Self.variedStream()
        let whole = try decodeAll(bytes)

        var decoder = FrameDecoder()
        var growing = ByteBuffer()
        var events: [WireEvent] = []
        var endOffsets: [Int] = []
        for (offset, byte) in bytes.enumerated() {
            growing.writeInteger(byte)
            while true {
                let readerIndex = growing.readerIndex
                let readable = growing.readableBytes
                guard let event = try decoder.next(from: &growing) else {
                    XCTAssertEqual(growing.readerIndex, readerIndex, "a partial event consumed bytes at offset \(offset)")
                    XCTAssertEqual(growing.readableBytes, readable)
                    break
                }
                events.append(event)
                endOffsets.append(offset + 1)
            }
        }
        XCTAssertEqual(events, whole.events)
        XCTAssertEqual(events, Self.variedEvents)
        XCTAssertEqual(endOffsets, eventEnds, "each event is produced as soon as its last byte arrives")
        XCTAssertEqual(growing.readableBytes, 0)
    }

    /// Splitting the stream at every point into two reads gives the same events.
    func testEverySplitIntoTwoReadsYieldsTheSameEvents() throws {
        // The stream without its one 70 KB frame keeps this quadratic test quick.
        var buffer = ByteBuffer()
        Preface.write(into: &buffer)
        let frames = Self.variedFrames.filter { $0.payload.readableBytes < 10_000 }
        for frame in frames { buffer.writeFrame(frame) }
        let bytes = Array(buffer.readableBytesView)
        let expected: [WireEvent] = [.preface(version: 1)] + frames.map { .frame($0) }

        for split in 0...bytes.count {
            var decoder = FrameDecoder()
            var input = ByteBuffer(bytes: bytes[..<split])
            var events = try drain(&decoder, &input)
            input.writeBytes(bytes[split...])
            events += try drain(&decoder, &input)
            XCTAssertEqual(events, expected, "split at \(split)")
            XCTAssertEqual(input.readableBytes, 0, "split at \(split)")
        }
    }

    func testThousandFramesInOneBufferDecodeInOrder() throws {
        let frames: [Frame] = (0..<1000).map { i in
            let types: [FrameType] = [.headers, .message, .message, .trailers]
            let type = types[i % types.count]
            let flags: FrameFlags = type == .message ? FrameFlags(rawValue: UInt8(i % 4)) : []
            return frame(type, flags: flags, stream: UInt32(i + 1), payload: randomBytes(i % 97, seed: UInt64(i)))
        }
        var buffer = ByteBuffer()
        for frame in frames { buffer.writeFrame(frame) }
        let total = buffer.readableBytes

        var decoder = FrameDecoder(expectPreface: false)
        let events = try drain(&decoder, &buffer)
        XCTAssertEqual(events.count, 1000)
        XCTAssertEqual(events, frames.map { .frame($0) })
        XCTAssertEqual(buffer.readerIndex, total)
        XCTAssertEqual(buffer.readableBytes, 0)
    }

    /// Without a preface expected, the first bytes are a frame header.
    func testDecoderWithoutPrefaceStartsWithFrames() throws {
        let bytes = frameBytes(.settings, stream: 0) + frameBytes(.ping, stream: 0, payload: Array(1...8))
        XCTAssertEqual(try decodeAll(bytes, expectPreface: false).events, [
            .frame(frame(.settings, stream: 0)),
            .frame(frame(.ping, stream: 0, payload: Array(1...8))),
        ])
    }

    /// The preface is read once: a second one is read as a frame header whose length is
    /// "SETT" = 0x53455454 bytes, far over the limit.
    func testPrefaceIsOnlyExpectedOnce() {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: prefaceV1 + prefaceV1 + [0, 0])
        XCTAssertEqual(try decoder.next(from: &buffer), .preface(version: 1))
        XCTAssertThrowsError(try decoder.next(from: &buffer)) { error in
            XCTAssertEqual(error as? WireError, .frameTooLarge(length: 0x5345_5454, limit: 16 << 20))
        }
    }

    // MARK: - Truncated input

    /// A frame cut in its payload: `next` wants more and keeps every byte of it.
    func testFrameCutInThePayloadWaitsAndKeepsItsBytes() throws {
        let whole = frameBytes(.message, stream: 1, payload: randomBytes(100, seed: 9))
        let cut = Array(whole.prefix(50))
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: prefaceV1 + cut)

        XCTAssertEqual(try decoder.next(from: &buffer), .preface(version: 1))
        let readerIndex = buffer.readerIndex
        XCTAssertNil(try decoder.next(from: &buffer))
        XCTAssertNil(try decoder.next(from: &buffer), "asking again changes nothing")
        XCTAssertEqual(buffer.readerIndex, readerIndex)
        XCTAssertEqual(buffer.readableBytes, 50)
        XCTAssertEqual(Array(buffer.readableBytesView), cut)

        // The rest arrives: the frame is whole again.
        buffer.writeBytes(whole.dropFirst(50))
        XCTAssertEqual(try decoder.next(from: &buffer), .frame(frame(.message, stream: 1, payload: randomBytes(100, seed: 9))))
        XCTAssertEqual(buffer.readableBytes, 0)
    }

    /// A frame cut inside its 10-byte header: the same.
    func testFrameCutInTheHeaderWaitsAndKeepsItsBytes() throws {
        let whole = frameBytes(.headers, stream: 5, payload: [1, 2, 3])
        for length in 1..<Frame.headerSize {
            var decoder = FrameDecoder(expectPreface: false)
            var buffer = ByteBuffer(bytes: whole.prefix(length))
            XCTAssertNil(try decoder.next(from: &buffer), "\(length) header bytes")
            XCTAssertEqual(buffer.readerIndex, 0)
            XCTAssertEqual(buffer.readableBytes, length)
        }
    }

    /// When the input ends with part of a frame buffered, the leftover is what decodeLast reports
    /// as `.truncated(bufferedBytes:)`.
    func testInputEndingInsideAFrameIsTruncated() throws {
        let cut = Array(frameBytes(.message, stream: 1, payload: randomBytes(100, seed: 10)).prefix(37))
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: prefaceV1 + frameBytes(.settings, stream: 0) + cut)

        XCTAssertEqual(try drain(&decoder, &buffer), [.preface(version: 1), .frame(frame(.settings, stream: 0))])
        XCTAssertEqual(buffer.readableBytes, 37)

        XCTAssertThrowsError(try decodeToEnd(&decoder, &buffer)) { error in
            XCTAssertEqual(error as? WireError, .truncated(bufferedBytes: 37))
        }
    }

    func testInputEndingInsideThePrefaceIsTruncated() throws {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: prefaceV1.prefix(5))
        XCTAssertNil(try decoder.next(from: &buffer))
        XCTAssertEqual(buffer.readableBytes, 5)
        XCTAssertThrowsError(try decodeToEnd(&decoder, &buffer)) { error in
            XCTAssertEqual(error as? WireError, .truncated(bufferedBytes: 5))
        }
    }

    func testInputEndingBetweenFramesIsNotTruncated() throws {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: prefaceV1 + frameBytes(.cancel, stream: 1))
        XCTAssertEqual(try decodeToEnd(&decoder, &buffer), [.preface(version: 1), .frame(frame(.cancel, stream: 1))])
    }

    func testTruncatedDescriptionNamesTheByteCount() {
        let description = WireError.truncated(bufferedBytes: 7).description
        XCTAssertEqual(description, "connection closed in the middle of a frame (7 bytes of it received)")
        XCTAssertTrue(description.contains("7 bytes"))
    }
}
