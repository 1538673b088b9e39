import XCTest
@testable import SettleTransport

/// When a connection stops reading and when it reads again.
final class ReadBackPressureTests: XCTestCase {
    func testPausesAboveTheBoundAndResumesAtHalf() {
        var gate = ReadBackPressure(bound: 1000)
        XCTAssertEqual(gate.queued(600), .none)
        XCTAssertEqual(gate.held(400), .none, "exactly the bound is still allowed")
        XCTAssertEqual(gate.held(1), .pause)
        XCTAssertTrue(gate.paused)
        XCTAssertEqual(gate.queued(5000), .none, "already paused")
        XCTAssertEqual(gate.written(5000), .none, "1001 bytes still above half the bound")
        XCTAssertEqual(gate.written(500), .none, "501 is still above 500")
        XCTAssertEqual(gate.released(1), .resume)
        XCTAssertFalse(gate.paused)
        XCTAssertEqual(gate.total, 500)
    }

    func testCountsNeverGoNegative() {
        var gate = ReadBackPressure(bound: 10)
        XCTAssertEqual(gate.written(50), .none)
        XCTAssertEqual(gate.released(50), .none)
        XCTAssertEqual(gate.total, 0)
    }
}
