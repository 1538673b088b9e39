import NIOCore
import SettleRPC
import SettleWire
import XCTest
@testable import SettleTransport

/// The server's connection rules, checked one frame at a time with no socket.
final class ServerConnectionStateMachineTests: XCTestCase {
    private func openMachine(maxConcurrent: Int = 2, settings: Frame = Frames.settings()) throws -> ServerConnectionStateMachine {
        var machine = ServerConnectionStateMachine(maxConcurrentStreams: maxConcurrent)
        XCTAssertTrue(machine.receivedPreface(admitted: true))
        XCTAssertEqual(try machine.receive(settings), .handshakeComplete)
        XCTAssertEqual(machine.phase, .open)
        return machine
    }

    private func assertViolation(_ machine: inout ServerConnectionStateMachine, _ frame: Frame, contains text: String, line: UInt = #line) {
        XCTAssertThrowsError(try machine.receive(frame), line: line) { error in
            XCTAssertTrue("\(error)".contains(text), "\(error)", line: line)
        }
    }

    func testFirstFrameMustBeSettingsAndOnlyOnce() throws {
        var machine = ServerConnectionStateMachine(maxConcurrentStreams: 4)
        XCTAssertEqual(try machine.receive(Frames.headers(1)), .ignore, "nothing is read before the preface")
        XCTAssertTrue(machine.receivedPreface(admitted: true))
        assertViolation(&machine, Frames.headers(1), contains: "expected SETTINGS as the first frame, got HEADERS")

        var open = try openMachine()
        assertViolation(&open, Frames.settings(), contains: "a second SETTINGS frame")
    }

    func testRefusedConnectionIsClosedAtThePreface() {
        var machine = ServerConnectionStateMachine(maxConcurrentStreams: 4)
        XCTAssertFalse(machine.receivedPreface(admitted: false))
        XCTAssertEqual(try machine.receive(Frames.settings()), .ignore, "nothing after a refused preface is read")
        XCTAssertTrue(machine.close(), "the handler closes the refused connection")
        XCTAssertEqual(machine.phase, .closed)
    }

    func testSettingsBelowTheMinimumFrameSizeAreAViolation() {
        var machine = ServerConnectionStateMachine(maxConcurrentStreams: 4)
        _ = machine.receivedPreface(admitted: true)
        assertViolation(&machine, Frames.settings(maxFrame: 100), contains: "below the minimum of 4096")
    }

    func testPeerSettingsAreRecordedWithDefaultsForZero() throws {
        let machine = try openMachine(settings: Frames.settings(maxFrame: 8192, maxMessage: 100, zlib: true, threshold: 0))
        XCTAssertEqual(machine.peer.maxFrameBytes, 8192)
        XCTAssertEqual(machine.peer.maxMessageBytes, 100)
        XCTAssertEqual(machine.peer.compressionThreshold, 1024, "zero threshold means the default")
        let plain = try openMachine(settings: Frames.settings(zlib: false))
        XCTAssertNil(plain.peer.compressionThreshold, "a client that lists no zlib is never sent compressed messages")
        XCTAssertEqual(plain.peer.maxFrameBytes, 16 << 20)
    }

    func testStreamIdsMustIncreaseAndFramesForEndedStreamsAreIgnored() throws {
        var machine = try openMachine()
        XCTAssertEqual(try machine.receive(Frames.headers(3)), .openStream(3))
        machine.streamOpened(3)
        XCTAssertEqual(try machine.receive(Frames.message(3)), .streamFrame(3))
        assertViolation(&machine, Frames.headers(3), contains: "stream id 3 is not above the last stream id 3")
        assertViolation(&machine, Frames.message(9), contains: "MESSAGE for stream 9, which was never opened")
        XCTAssertFalse(machine.streamClosed(3))
        XCTAssertEqual(try machine.receive(Frames.message(3)), .ignore, "a frame racing the TRAILERS")
        XCTAssertEqual(try machine.receive(Frames.empty(.cancel, 2)), .ignore, "an unused id in a gap")
    }

    func testConcurrencyLimitRefusesTheStreamNotTheConnection() throws {
        var machine = try openMachine(maxConcurrent: 1)
        XCTAssertEqual(try machine.receive(Frames.headers(1)), .openStream(1))
        machine.streamOpened(1)
        guard case .refuseStream(2, let error) = try machine.receive(Frames.headers(2)) else { return XCTFail("not refused") }
        XCTAssertEqual(error.code, .resourceExhausted)
        XCTAssertEqual(machine.lastStreamID, 2, "a refused stream still counts as used")
        _ = machine.streamClosed(1)
        XCTAssertEqual(try machine.receive(Frames.headers(4)), .openStream(4))
    }

    func testWrongDirectionAndUnknownTypesAreViolations() throws {
        var machine = try openMachine()
        assertViolation(&machine, Frames.trailers(1), contains: "TRAILERS sent by a client")
        var other = try openMachine()
        assertViolation(&other, Frame(type: FrameType(rawValue: 0x0B), streamID: 0), contains: "unknown frame type 0x0b")
    }

    func testClientGoAwayIsIgnoredButMustDecode() throws {
        var machine = try openMachine()
        XCTAssertEqual(try machine.receive(Frames.goAway(last: 0, code: .internalError)), .ignore)
        XCTAssertEqual(machine.phase, .open, "a client's GOAWAY changes nothing (§7.8)")
        assertViolation(&machine, Frame(type: .goAway, streamID: 0, payload: ByteBuffer(bytes: [0xFF, 0xFF])), contains: "GOAWAY")
    }

    func testDrainingRefusesNewCallsAndClosesAfterTheLast() throws {
        var machine = try openMachine()
        _ = try machine.receive(Frames.headers(1))
        machine.streamOpened(1)
        XCTAssertEqual(machine.beginDraining(), .sendGoAway(closeNow: false))
        XCTAssertEqual(machine.beginDraining(), .none, "one GOAWAY per drain")
        guard case .refuseStream(5, let error) = try machine.receive(Frames.headers(5)) else { return XCTFail("not refused") }
        XCTAssertEqual(error.code, .unavailable)
        XCTAssertTrue(machine.streamClosed(1), "the last call ending closes a draining connection")
        var idle = try openMachine()
        XCTAssertEqual(idle.beginDraining(), .sendGoAway(closeNow: true))
        var handshaking = ServerConnectionStateMachine(maxConcurrentStreams: 1)
        XCTAssertEqual(handshaking.beginDraining(), .close)
    }

    func testHandshakeTimeoutAndIdleRules() throws {
        var machine = ServerConnectionStateMachine(maxConcurrentStreams: 2)
        XCTAssertEqual(machine.handshakeTimedOut(), .close(sendGoAway: false))
        _ = machine.receivedPreface(admitted: true)
        XCTAssertEqual(machine.handshakeTimedOut(), .close(sendGoAway: true), "our preface and SETTINGS went out")
        _ = try machine.receive(Frames.settings())
        XCTAssertEqual(machine.handshakeTimedOut(), .none)

        XCTAssertEqual(machine.idleCheck(idleForNanoseconds: 10, limitNanoseconds: 100), .checkAgain(afterNanoseconds: 90))
        XCTAssertEqual(machine.idleCheck(idleForNanoseconds: 100, limitNanoseconds: 100), .close)
        _ = try machine.receive(Frames.headers(1))
        machine.streamOpened(1)
        XCTAssertEqual(machine.idleCheck(idleForNanoseconds: 500, limitNanoseconds: 100), .checkAgain(afterNanoseconds: 100), "a connection with a call open is never idle")
    }
}
