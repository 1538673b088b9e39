import SettleWire
import XCTest

/// The status code a GOAWAY carries for each wire error (WIRE.md §12.2, §13).
final class WireErrorTests: XCTestCase {
    func testStatusCodes() {
        XCTAssertEqual(WireError.frameTooLarge(length: 20_000_000, limit: 16_777_216).statusCode, 8)
        XCTAssertEqual(WireError.unsupportedVersion(received: 2, supported: 1).statusCode, 9)

        let violations: [WireError] = [
            .badPreface(received: Array("HTTP".utf8)),
            .unknownFrameType(0x0B),
            .invalidStreamID(type: .headers, streamID: 0),
            .invalidStreamID(type: .ping, streamID: 5),
            .invalidPayload(type: .ping, reason: "payload must be 8 bytes, not 7"),
            .truncated(bufferedBytes: 7),
            .protocolViolation("a second SETTINGS frame"),
        ]
        for error in violations {
            XCTAssertEqual(error.statusCode, 13, "\(error)")
        }
    }

    func testDescriptions() {
        XCTAssertEqual(WireError.frameTooLarge(length: 20_000_000, limit: 16_777_216).description,
                       "frame of 20000000 bytes exceeds the maximum frame size of 16777216 bytes")
        XCTAssertEqual(WireError.protocolViolation("a second SETTINGS frame").description,
                       "protocol violation: a second SETTINGS frame")
        XCTAssertEqual("\(WireError.unknownFrameType(0x0B))", "unknown frame type 0x0b")
    }

    func testDefaultLimits() {
        let limits = WireLimits.defaults
        XCTAssertEqual(limits, WireLimits(maxFrameBytes: 16_777_216, maxMessageBytes: 16_777_216,
                                          maxConcurrentStreams: 256, compressionThresholdBytes: 1024))
    }
}
