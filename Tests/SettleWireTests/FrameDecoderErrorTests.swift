import NIOCore
import SettleWire
import XCTest

/// Frames that break the rules of WIRE.md §6–§7 are refused with the exact `WireError`.
final class FrameDecoderErrorTests: XCTestCase {
    // MARK: - Frame size

    /// Refused from the header alone: no payload byte is ever supplied.
    func testOversizedFrameIsRefusedFromItsHeaderAlone() {
        let header = rawHeader(length: 1025, type: FrameType.message.rawValue, stream: 1)
        var decoder = FrameDecoder(expectPreface: false, maxFrameBytes: 1024)
        var buffer = ByteBuffer()
        for (index, byte) in header.enumerated() {
            buffer.writeInteger(byte)
            if index < Frame.headerSize - 1 {
                XCTAssertNil(try decoder.next(from: &buffer), "\(index + 1) header bytes")
            }
        }
        XCTAssertThrowsError(try decoder.next(from: &buffer)) { error in
            XCTAssertEqual(error as? WireError, .frameTooLarge(length: 1025, limit: 1024))
        }
    }

    func testOversizedFrameAgainstTheDefaultLimit() {
        XCTAssertEqual(WireLimits.defaults.maxFrameBytes, 16_777_216)
        assertFramesFail(rawHeader(length: 16_777_217, type: 3, stream: 1), with: .frameTooLarge(length: 16_777_217, limit: 16_777_216))
        assertFramesFail(rawHeader(length: 20_000_000, type: 1, stream: 0), with: .frameTooLarge(length: 20_000_000, limit: 16_777_216))
        assertFramesFail(rawHeader(length: UInt32.max, type: 3, stream: 1), with: .frameTooLarge(length: 4_294_967_295, limit: 16_777_216))
    }

    /// After a valid preface, the first frame header is checked the same way.
    func testOversizedFrameAfterThePreface() {
        let error = decodingError(prefaceV1 + rawHeader(length: 2_000_000, type: 2, stream: 1), maxFrameBytes: 1 << 20)
        XCTAssertEqual(error, .frameTooLarge(length: 2_000_000, limit: 1_048_576))
    }

    /// The length is checked first (WIRE.md §6, rule 2), so it wins over a bad type or stream.
    func testFrameSizeIsCheckedBeforeTypeAndStream() {
        assertFramesFail(rawHeader(length: 101, type: 0xFF, stream: 0), with: .frameTooLarge(length: 101, limit: 100), maxFrameBytes: 100)
        assertFramesFail(rawHeader(length: 101, type: 2, stream: 0), with: .frameTooLarge(length: 101, limit: 100), maxFrameBytes: 100)
    }

    /// A payload of exactly the limit is fine: the decoder waits for it and then decodes it.
    func testFrameOfExactlyTheLimitIsAccepted() throws {
        let payload = randomBytes(1024, seed: 11)
        var decoder = FrameDecoder(expectPreface: false, maxFrameBytes: 1024)
        var buffer = ByteBuffer(bytes: frameBytes(.message, stream: 1, payload: payload).prefix(Frame.headerSize))
        XCTAssertNil(try decoder.next(from: &buffer))
        XCTAssertEqual(buffer.readableBytes, Frame.headerSize)
        buffer.writeBytes(payload)
        XCTAssertEqual(try decoder.next(from: &buffer), .frame(frame(.message, stream: 1, payload: payload)))

        XCTAssertEqual(try decodeAll(rawHeader(length: 16_777_216, type: 3, stream: 1), expectPreface: false),
                       Decoded(events: [], leftoverBytes: 10), "the default limit itself is allowed")
    }

    func testZeroFrameLimitAllowsOnlyEmptyPayloads() throws {
        XCTAssertEqual(try decodeAll(frameBytes(.trailers, stream: 1), expectPreface: false, maxFrameBytes: 0).events,
                       [.frame(frame(.trailers, stream: 1))])
        assertFramesFail(frameBytes(.message, stream: 1, payload: [1]), with: .frameTooLarge(length: 1, limit: 0), maxFrameBytes: 0)
    }

    // MARK: - Frame type

    func testUnknownFrameTypesAreRefused() {
        for raw: UInt8 in [0x00, 0x0A, 0x0B, 0x10, 0x7F, 0x80, 0xFE, 0xFF] {
            // Header only: an unknown type is refused before its payload arrives.
            assertFramesFail(rawHeader(length: 4, type: raw, stream: 1), with: .unknownFrameType(raw))
            assertFramesFail(rawHeader(length: 0, type: raw, stream: 0), with: .unknownFrameType(raw))
            XCTAssertFalse(FrameType(rawValue: raw).isKnown)
        }
        XCTAssertEqual(decodingError(prefaceV1 + rawHeader(length: 0, type: 0x0B, stream: 1)), .unknownFrameType(0x0B))
    }

    func testUnknownFrameTypeDescription() {
        XCTAssertEqual(WireError.unknownFrameType(0x0B).description, "unknown frame type 0x0b")
        XCTAssertEqual(WireError.unknownFrameType(0x00).description, "unknown frame type 0x00")
        XCTAssertEqual(WireError.unknownFrameType(0xFF).description, "unknown frame type 0xff")
    }

    func testFrameTypeNamesAndClasses() {
        XCTAssertEqual(FrameType.known.map(\.description),
                       ["SETTINGS", "HEADERS", "MESSAGE", "TRAILERS", "CANCEL", "PING", "PONG", "GOAWAY", "HALF_CLOSE"])
        XCTAssertEqual(FrameType.known.map(\.rawValue), Array(1...9))
        XCTAssertTrue(FrameType.known.allSatisfy(\.isKnown))
        XCTAssertEqual(FrameType.known.filter(\.isConnectionLevel), [.settings, .ping, .pong, .goAway])
        XCTAssertEqual(FrameType(rawValue: 0x0B).description, "0x0b")
        XCTAssertEqual(FrameType(rawValue: 0x03), .message)
    }

    // MARK: - Stream id

    static let streamTypes: [FrameType] = [.headers, .message, .trailers, .cancel, .halfClose]
    static let connectionTypes: [FrameType] = [.settings, .ping, .pong, .goAway]

    /// A valid payload for `type`, so the only fault in a test frame is the one under test.
    static func validPayload(for type: FrameType) -> [UInt8] {
        switch type {
        case .ping, .pong: [1, 2, 3, 4, 5, 6, 7, 8]
        case .cancel, .halfClose: []
        default: [0x0A, 0x02, 0x68, 0x69]
        }
    }

    func testStreamFramesOnStreamZeroAreRefused() {
        for type in Self.streamTypes {
            assertFramesFail(frameBytes(type, stream: 0, payload: Self.validPayload(for: type)),
                             with: .invalidStreamID(type: type, streamID: 0))
        }
    }

    func testConnectionFramesOnAStreamAreRefused() {
        for type in Self.connectionTypes {
            assertFramesFail(frameBytes(type, stream: 5, payload: Self.validPayload(for: type)),
                             with: .invalidStreamID(type: type, streamID: 5))
        }
        assertFramesFail(frameBytes(.ping, stream: UInt32.max, payload: Self.validPayload(for: .ping)),
                         with: .invalidStreamID(type: .ping, streamID: UInt32.max))
    }

    func testEveryTypeIsAcceptedOnItsOwnKindOfStream() throws {
        for type in Self.streamTypes {
            let valid = frame(type, stream: 5, payload: Self.validPayload(for: type))
            XCTAssertEqual(try decodeAll(frameBytes(type, stream: 5, payload: Self.validPayload(for: type)), expectPreface: false).events,
                           [.frame(valid)])
        }
        for type in Self.connectionTypes {
            let valid = frame(type, stream: 0, payload: Self.validPayload(for: type))
            XCTAssertEqual(try decodeAll(frameBytes(type, stream: 0, payload: Self.validPayload(for: type)), expectPreface: false).events,
                           [.frame(valid)])
        }
    }

    func testInvalidStreamIDDescriptionsNameTheFrameType() {
        XCTAssertEqual(WireError.invalidStreamID(type: .headers, streamID: 0).description, "frame type HEADERS must not use stream 0")
        XCTAssertEqual(WireError.invalidStreamID(type: .ping, streamID: 5).description, "frame type PING must use stream 0, not stream 5")
        for type in Self.streamTypes {
            XCTAssertTrue(WireError.invalidStreamID(type: type, streamID: 0).description.contains("frame type \(type) "), "\(type)")
        }
        for type in Self.connectionTypes {
            let description = WireError.invalidStreamID(type: type, streamID: 5).description
            XCTAssertTrue(description.contains("frame type \(type) must use stream 0"), description)
        }
    }

    // MARK: - Payload shape

    func testPingAndPongPayloadsMustBeEightBytes() {
        assertFramesFail(frameBytes(.ping, stream: 0, payload: Array(1...7)),
                         with: .invalidPayload(type: .ping, reason: "payload must be 8 bytes, not 7"))
        assertFramesFail(frameBytes(.ping, stream: 0),
                         with: .invalidPayload(type: .ping, reason: "payload must be 8 bytes, not 0"))
        assertFramesFail(frameBytes(.pong, stream: 0, payload: Array(1...9)),
                         with: .invalidPayload(type: .pong, reason: "payload must be 8 bytes, not 9"))
    }

    func testCancelAndHalfClosePayloadsMustBeEmpty() {
        assertFramesFail(frameBytes(.cancel, stream: 1, payload: [0]),
                         with: .invalidPayload(type: .cancel, reason: "payload must be empty, not 1 bytes"))
        assertFramesFail(frameBytes(.halfClose, stream: 1, payload: [1, 2, 3]),
                         with: .invalidPayload(type: .halfClose, reason: "payload must be empty, not 3 bytes"))
    }

    /// Other types accept any payload, including an empty one (an empty MESSAGE is a message
    /// with all fields at their defaults; a plain OK TRAILERS has length 0).
    func testOtherTypesAcceptEmptyPayloads() throws {
        let empties: [Frame] = [
            frame(.settings, stream: 0), frame(.headers, stream: 1), frame(.message, stream: 1),
            frame(.trailers, stream: 1), frame(.goAway, stream: 0),
        ]
        let bytes = empties.flatMap { frameBytes($0.type, stream: $0.streamID) }
        XCTAssertEqual(try decodeAll(bytes, expectPreface: false).events, empties.map { .frame($0) })
    }

    func testInvalidPayloadDescriptionsNameTheFrameType() {
        XCTAssertEqual(WireError.invalidPayload(type: .ping, reason: "payload must be 8 bytes, not 4").description,
                       "invalid PING frame: payload must be 8 bytes, not 4")
        XCTAssertEqual(WireError.invalidPayload(type: .cancel, reason: "payload must be empty, not 1 bytes").description,
                       "invalid CANCEL frame: payload must be empty, not 1 bytes")
        XCTAssertTrue(WireError.invalidPayload(type: .halfClose, reason: "x").description.contains("HALF_CLOSE"))
        XCTAssertTrue(WireError.invalidPayload(type: .pong, reason: "x").description.contains("PONG"))
    }

    /// Frames before a bad one are delivered; the bad one throws when reached.
    func testErrorComesAfterTheGoodFramesBeforeIt() throws {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: prefaceV1 + frameBytes(.settings, stream: 0) + frameBytes(.headers, stream: 0))
        XCTAssertEqual(try decoder.next(from: &buffer), .preface(version: 1))
        XCTAssertEqual(try decoder.next(from: &buffer), .frame(frame(.settings, stream: 0)))
        XCTAssertThrowsError(try decoder.next(from: &buffer)) { error in
            XCTAssertEqual(error as? WireError, .invalidStreamID(type: .headers, streamID: 0))
        }
    }
}
