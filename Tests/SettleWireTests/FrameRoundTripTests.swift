import NIOCore
import SettleWire
import XCTest

/// Frames written with `ByteBuffer.writeFrame` come back from `FrameDecoder` unchanged.
final class FrameRoundTripTests: XCTestCase {
    /// One valid frame of every type the protocol defines, with typical payloads and flags.
    static let oneOfEachType: [Frame] = [
        frame(.settings, stream: 0, payload: hex("08 80 80 80 08 10 80 80 80 08")),
        frame(.headers, stream: 1, payload: Array("/settle.diag.v1.Diagnostics/Echo".utf8)),
        frame(.message, flags: [.compressed, .endStream], stream: 3, payload: [0x78, 0x9C, 0x03, 0x00]),
        frame(.trailers, stream: 1),
        frame(.cancel, stream: 7),
        frame(.ping, stream: 0, payload: [1, 2, 3, 4, 5, 6, 7, 8]),
        frame(.pong, stream: 0, payload: [1, 2, 3, 4, 5, 6, 7, 8]),
        frame(.goAway, stream: 0, payload: hex("08 05 10 09")),
        frame(.halfClose, stream: UInt32.max),
    ]

    func testEveryKnownTypeRoundTrips() throws {
        XCTAssertEqual(Set(Self.oneOfEachType.map(\.type)), Set(FrameType.known))
        for original in Self.oneOfEachType {
            var buffer = ByteBuffer()
            buffer.writeFrame(type: original.type, flags: original.flags, streamID: original.streamID, payload: original.payload)
            XCTAssertEqual(buffer.readableBytes, Frame.headerSize + original.payload.readableBytes)

            var decoder = FrameDecoder(expectPreface: false)
            let event = try decoder.next(from: &buffer)
            guard case .frame(let decoded)? = event else {
                XCTFail("\(original.type): expected a frame, got \(String(describing: event))")
                continue
            }
            XCTAssertEqual(decoded.type, original.type)
            XCTAssertEqual(decoded.flags, original.flags, "\(original.type)")
            XCTAssertEqual(decoded.streamID, original.streamID, "\(original.type)")
            XCTAssertEqual(Array(decoded.payload.readableBytesView), Array(original.payload.readableBytesView), "\(original.type)")
            XCTAssertEqual(decoded, original)
            XCTAssertEqual(buffer.readableBytes, 0, "\(original.type): the whole frame is consumed")
            XCTAssertNil(try decoder.next(from: &buffer))
        }
    }

    func testEveryKnownTypeRoundTripsAfterThePreface() throws {
        var buffer = ByteBuffer()
        Preface.write(into: &buffer)
        for original in Self.oneOfEachType { buffer.writeFrame(original) }
        var decoder = FrameDecoder()
        let events = try drain(&decoder, &buffer)
        XCTAssertEqual(events, [.preface(version: 1)] + Self.oneOfEachType.map { .frame($0) })
        XCTAssertEqual(buffer.readableBytes, 0)
    }

    /// Stream ids use all 32 bits, and all flag bits survive decoding (reserved ones are the
    /// receiver's to ignore, not the decoder's to drop).
    func testStreamIDsAndFlagBitsAreCarriedExactly() throws {
        let streamIDs: [UInt32] = [1, 2, 255, 256, 65_535, 65_536, 0x7FFF_FFFF, 0x8000_0000, 0xDEAD_BEEF, UInt32.max]
        let flagValues: [UInt8] = [0x00, 0x01, 0x02, 0x03, 0x80, 0xFF]
        for streamID in streamIDs {
            for rawFlags in flagValues {
                let original = frame(.message, flags: FrameFlags(rawValue: rawFlags), stream: streamID, payload: [rawFlags])
                var buffer = ByteBuffer()
                buffer.writeFrame(original)
                XCTAssertEqual(try decodeAll(Array(buffer.readableBytesView), expectPreface: false).events, [.frame(original)])
            }
        }
    }

    /// The header layout of WIRE.md §6, checked against the compressed MESSAGE example of §18.2.
    func testHeaderLayoutMatchesTheSpecification() {
        XCTAssertEqual(Frame.headerSize, 10)
        let bytes = frameBytes(.message, flags: [.compressed, .endStream], stream: 3, payload: Array(repeating: 0xAA, count: 25))
        XCTAssertEqual(Array(bytes.prefix(10)), hex("00 00 00 19  03  03  00 00 00 03"))
        XCTAssertEqual(bytes.count, 35)
        XCTAssertEqual(frameBytes(.ping, stream: 0, payload: [1, 2, 3, 4, 5, 6, 7, 8]),
                       hex("00 00 00 08  06  00  00 00 00 00  01 02 03 04 05 06 07 08"))
        XCTAssertEqual(frameBytes(.halfClose, stream: 0x0102_0304), hex("00 00 00 00  09  00  01 02 03 04"))
        XCTAssertEqual(rawHeader(length: 0x19, type: 3, flags: 3, stream: 3), hex("00 00 00 19 03 03 00 00 00 03"))
    }

    /// The three ways of writing a frame produce identical bytes, and only a payload's readable
    /// bytes are written.
    func testWriteFrameVariantsAgree() {
        let payload: [UInt8] = Array(0..<50)
        var sliced = ByteBuffer(bytes: [0xEE, 0xEE, 0xEE] + payload)
        sliced.moveReaderIndex(forwardBy: 3)

        var fromBytes = ByteBuffer()
        fromBytes.writeFrame(type: .headers, streamID: 9, bytes: payload)
        var fromBuffer = ByteBuffer()
        fromBuffer.writeFrame(type: .headers, streamID: 9, payload: sliced)
        var fromFrame = ByteBuffer()
        fromFrame.writeFrame(Frame(type: .headers, streamID: 9, payload: sliced))

        XCTAssertEqual(fromBytes, fromBuffer)
        XCTAssertEqual(fromBytes, fromFrame)
        XCTAssertEqual(fromBytes.readableBytes, 60)
        XCTAssertEqual(sliced.readableBytes, 50, "writing a frame does not consume the caller's payload")
    }

    func testFrameDefaults() {
        let bare = Frame(type: .trailers, streamID: 4)
        XCTAssertEqual(bare.flags, [])
        XCTAssertEqual(bare.payload.readableBytes, 0)
        XCTAssertEqual(frameBytes(.trailers, stream: 4), hex("00 00 00 00 04 00 00 00 00 04"))
    }

    /// The two transcripts of WIRE.md §18.1 decode to the frames the specification describes.
    func testSpecificationTranscriptsDecode() throws {
        let clientToServer = hex("""
            53 45 54 54 4c 45 01 00 00 00 00 21 01 00 00 00
            00 00 08 80 80 80 08 10 80 80 80 08 20 80 08 2a
            04 7a 6c 69 62 32 0c 73 65 74 74 6c 65 2f 30 2e
            31 2e 30 00 00 00 27 02 00 00 00 00 01 0a 20 2f
            73 65 74 74 6c 65 2e 64 69 61 67 2e 76 31 2e 44
            69 61 67 6e 6f 73 74 69 63 73 2f 45 63 68 6f 10
            c0 96 b1 02 00 00 00 04 03 02 00 00 00 01 0a 02
            68 69
            """)
        XCTAssertEqual(clientToServer.count, 114)
        let client = try decodeAll(clientToServer)
        XCTAssertEqual(client.leftoverBytes, 0)
        XCTAssertEqual(client.events, [
            .preface(version: 1),
            .frame(frame(.settings, stream: 0, payload: Array(clientToServer[0x12..<0x33]))),
            .frame(frame(.headers, stream: 1, payload: Array(clientToServer[0x3D..<0x64]))),
            .frame(frame(.message, flags: .endStream, stream: 1, payload: [0x0A, 0x02, 0x68, 0x69])),
        ])

        let serverToClient = hex("""
            53 45 54 54 4c 45 01 00 00 00 00 25 01 00 00 00
            00 00 08 80 80 80 08 10 80 80 80 08 18 80 02 20
            80 08 2a 04 7a 6c 69 62 32 0d 73 65 74 74 6c 65
            64 2f 30 2e 31 2e 30 00 00 00 04 03 00 00 00 00
            01 0a 02 68 69 00 00 00 00 04 00 00 00 00 01
            """)
        XCTAssertEqual(serverToClient.count, 79)
        let server = try decodeAll(serverToClient)
        XCTAssertEqual(server.leftoverBytes, 0)
        XCTAssertEqual(server.events, [
            .preface(version: 1),
            .frame(frame(.settings, stream: 0, payload: Array(serverToClient[0x12..<0x37]))),
            .frame(frame(.message, stream: 1, payload: [0x0A, 0x02, 0x68, 0x69])),
            .frame(frame(.trailers, stream: 1)),
        ])
    }
}
