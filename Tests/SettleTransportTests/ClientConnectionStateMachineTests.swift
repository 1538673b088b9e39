import NIOCore
import SettleRPC
import SettleWire
import XCTest
@testable import SettleTransport

/// The client's connection rules, checked without a socket.
final class ClientConnectionStateMachineTests: XCTestCase {
    func testStreamIdsIncreaseAndGoAwayFailsOnlyUnstartedCalls() throws {
        var machine = ClientConnectionStateMachine(compressRequests: true)
        XCTAssertEqual(machine.openCall(), 1)
        XCTAssertEqual(machine.openCall(), 2)
        XCTAssertEqual(machine.openCall(), 3)
        XCTAssertEqual(try machine.receive(Frames.settings()), .ready)
        guard case .goAway(let failing, let error) = try machine.receive(Frames.goAway(last: 1, code: .unavailable)) else {
            return XCTFail("no goAway action")
        }
        XCTAssertEqual(failing, [2, 3], "calls above last_stream_id were never started")
        XCTAssertEqual(error.code, .unavailable)
        XCTAssertNil(machine.openCall(), "no new calls after GOAWAY")
        XCTAssertEqual(try machine.receive(Frames.trailers(1)), .finish(1), "call 1 still finishes")
    }

    func testServerFramesAreChecked() throws {
        var machine = ClientConnectionStateMachine(compressRequests: true)
        _ = try machine.receive(Frames.settings())
        let id = try XCTUnwrap(machine.openCall())
        XCTAssertEqual(try machine.receive(Frames.message(id)), .deliver(id))
        XCTAssertThrowsError(try machine.receive(Frames.message(7))) { XCTAssertTrue("\($0)".contains("never opened"), "\($0)") }
        XCTAssertThrowsError(try machine.receive(Frames.headers(1))) { XCTAssertTrue("\($0)".contains("HEADERS sent by a server"), "\($0)") }
        XCTAssertThrowsError(try machine.receive(Frames.settings())) { XCTAssertTrue("\($0)".contains("second SETTINGS"), "\($0)") }
    }

    func testFramesForCallsTheClientEndedAreIgnored() throws {
        var machine = ClientConnectionStateMachine(compressRequests: true)
        let id = try XCTUnwrap(machine.openCall())
        machine.callEnded(id)
        XCTAssertEqual(try machine.receive(Frames.message(id)), .ignore)
        XCTAssertEqual(try machine.receive(Frames.trailers(id)), .ignore)
    }

    func testRequestsObeyTheServersLimits() throws {
        var machine = ClientConnectionStateMachine(compressRequests: true)
        XCTAssertNil(machine.requestCompressionThreshold, "nothing is compressed before the server's SETTINGS")
        _ = try machine.receive(Frames.settings(maxFrame: 8192, maxMessage: 1000, threshold: 512))
        XCTAssertEqual(machine.requestCompressionThreshold, 512)
        XCTAssertNil(machine.refusal(requestOf: 1000, payloadBytes: 1000))
        let tooLarge = try XCTUnwrap(machine.refusal(requestOf: 1001, payloadBytes: 10))
        XCTAssertEqual(tooLarge.code, .resourceExhausted)
        XCTAssertEqual(tooLarge.message, "request of 1001 bytes exceeds the server's maximum message size of 1000 bytes")
        let noCompression = ClientConnectionStateMachine(compressRequests: false)
        XCTAssertNil(noCompression.requestCompressionThreshold)
    }

    func testFrameLimitAppliesToTheCompressedPayload() throws {
        var machine = ClientConnectionStateMachine(compressRequests: true)
        _ = try machine.receive(Frames.settings(maxFrame: 4096, maxMessage: 1 << 20))
        XCTAssertNil(machine.refusal(requestOf: 100_000, payloadBytes: 4096))
        XCTAssertEqual(machine.refusal(requestOf: 100_000, payloadBytes: 4097)?.code, .resourceExhausted)
    }
}
