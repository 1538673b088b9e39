import SettleRPC
import XCTest
@testable import SettleTransport

/// Who gets a connection when the server is full (no lock-out).
final class ConnectionAdmissionTests: XCTestCase {
    private let viewer: UInt32 = 1001
    private let otherViewer: UInt32 = 1002
    private let admin: UInt32 = 0

    private func admission(max: Int = 10, reserved: Int = 2, perUID: Int = 4) -> ConnectionAdmission<Int> {
        ConnectionAdmission(maxConnections: max, limits: ConnectionLimits(reservedForPrivileged: reserved, maxPerUID: perUID))
    }

    func testOneUidCannotTakeMoreThanItsShare() {
        var table = admission()
        for key in 0..<4 { XCTAssertEqual(table.admit(key, uid: viewer, role: .viewer), .admit) }
        guard case .refuse(let reason) = table.admit(4, uid: viewer, role: .viewer) else { return XCTFail("admitted") }
        XCTAssertEqual(reason, "too many connections from uid 1001 (limit 4); retry later")
        XCTAssertEqual(table.admit(5, uid: otherViewer, role: .viewer), .admit, "another uid still gets in")
        XCTAssertEqual(table.count, 5, "refused connections are not counted")
    }

    func testReserveIsKeptForSupervisorsAndAdmins() {
        var table = admission(max: 10, reserved: 2, perUID: 100)
        for key in 0..<8 { XCTAssertEqual(table.admit(key, uid: UInt32(2000 + key), role: .viewer), .admit) }
        guard case .refuse(let reason) = table.admit(8, uid: viewer, role: .clerk) else { return XCTFail("admitted") }
        XCTAssertTrue(reason.contains("limit 8 for callers below supervisor"), reason)
        XCTAssertEqual(table.admit(9, uid: admin, role: .admin), .admit)
        XCTAssertEqual(table.admit(10, uid: 500, role: .supervisor), .admit)
        guard case .refuse = table.admit(11, uid: admin, role: .admin) else { return XCTFail("over the total limit") }
    }

    func testIdleConnectionsMakeRoomOldestFirst() {
        var table = admission(max: 4, reserved: 0, perUID: 100)
        for key in 0..<4 { _ = table.admit(key, uid: UInt32(3000 + key), role: .viewer) }
        table.becameIdle(2, at: 50)
        table.becameIdle(1, at: 10)
        table.becameIdle(3, at: 90)
        table.becameBusy(3)
        XCTAssertEqual(table.admit(4, uid: viewer, role: .viewer), .admitEvicting([1]), "the oldest idle connection goes")
        XCTAssertEqual(table.admit(5, uid: viewer, role: .viewer), .admitEvicting([2]))
        guard case .refuse = table.admit(6, uid: viewer, role: .viewer) else {
            return XCTFail("busy connections (and handshakes) are never evicted")
        }
        table.remove(1)
        table.remove(2)
        XCTAssertEqual(table.count, 4)
    }

    func testAUidAtItsLimitLosesItsOwnOldestIdleConnection() {
        var table = admission(max: 100, reserved: 0, perUID: 2)
        _ = table.admit(0, uid: otherViewer, role: .viewer)
        table.becameIdle(0, at: 1)
        _ = table.admit(1, uid: viewer, role: .viewer)
        _ = table.admit(2, uid: viewer, role: .viewer)
        table.becameIdle(2, at: 5)
        table.becameIdle(1, at: 7)
        XCTAssertEqual(table.admit(3, uid: viewer, role: .viewer), .admitEvicting([2]), "not the other uid's older connection")
    }

    func testAnAdminAlwaysGetsInWhileAViewerFloods() {
        var table = admission(max: 1024, reserved: 64, perUID: 2000)
        var key = 0
        var refused = 0
        for _ in 0..<2000 {
            if case .refuse = table.admit(key, uid: viewer, role: .viewer) { refused += 1 }
            key += 1
        }
        XCTAssertEqual(refused, 2000 - 960)
        for _ in 0..<64 {
            XCTAssertEqual(table.admit(key, uid: admin, role: .admin), .admit)
            key += 1
        }
    }
}
