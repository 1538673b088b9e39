import SettleRPC
import SettleWire
import SwiftProtobuf
import XCTest
@testable import SettleTransport

/// TRAILERS and GOAWAY are truncated to fit the peer's frame size, never sent oversized.
final class BoundedControlFrameTests: XCTestCase {
    func testLongStatusMessageIsTruncatedToALimit() throws {
        let error = RPCError(.unimplemented, "no method /" + String(repeating: "x", count: 15 << 20) + " is served here")
        let bytes = ControlMessages.status(error, fitting: 4096)
        XCTAssertLessThanOrEqual(bytes.count, 4096)
        let status = try Settle_Wire_V1_CallStatus(serializedBytes: bytes)
        XCTAssertEqual(status.code, 12)
        XCTAssertTrue(status.message.hasPrefix("no method /xxx"))
        XCTAssertTrue(status.message.hasSuffix("…"))
        XCTAssertLessThanOrEqual(status.message.utf8.count, ControlMessages.maxStatusMessageBytes)
    }

    func testMetadataAndDetailsGoBeforeTheFrameGrows() throws {
        let error = RPCError(.invalidArgument, "bad", details: [UInt8](repeating: 7, count: 3000), metadata: ["k": String(repeating: "v", count: 3000)])
        let bytes = ControlMessages.status(error, fitting: 4096)
        XCTAssertLessThanOrEqual(bytes.count, 4096)
        let status = try Settle_Wire_V1_CallStatus(serializedBytes: bytes)
        XCTAssertEqual(status.metadata, [:], "metadata dropped first")
        XCTAssertEqual(status.details.count, 3000, "details kept while they fit")
        XCTAssertEqual(status.message, "bad")
    }

    func testTruncationKeepsWholeCharacters() {
        let text = String(repeating: "é", count: 100)
        let cut = ControlMessages.truncated(text, toBytes: 11)
        XCTAssertEqual(cut, "éééé…")
        XCTAssertLessThanOrEqual(cut.utf8.count, 11)
        XCTAssertEqual(ControlMessages.truncated("short", toBytes: 11), "short")
    }

    func testGoAwayFitsTheMinimumFrame() throws {
        let bytes = ControlMessages.goAway(lastStreamID: 9, code: .internalError, message: String(repeating: "m", count: 100_000), fitting: WireLimits.minimumFrameBytes)
        XCTAssertLessThanOrEqual(bytes.count, WireLimits.minimumFrameBytes)
        let goAway = try Settle_Wire_V1_GoAway(serializedBytes: bytes)
        XCTAssertEqual(goAway.lastStreamID, 9)
        XCTAssertEqual(goAway.code, 13)
    }
}
