import Foundation
@testable import SettleRefunds
import XCTest

/// The NACHA file header's creation date and time are the utility's, not UTC's.
final class NachaCreationStampTests: XCTestCase {
    private let chicago = TimeZone(identifier: "America/Chicago")!

    func testAnEveningBatchIsDatedThatDayOnTheUtilitysClock() {
        // 01:30 UTC on 8 December is 19:30 on 7 December in Chicago (CST, UTC−6).
        let stamp = NachaFile.creationStamp("2026-12-08T01:30:12.345Z", in: chicago)
        XCTAssertEqual(stamp.date, "261207")
        XCTAssertEqual(stamp.time, "1930")
    }

    func testSummerTimeIsFiveHoursBehind() {
        let stamp = NachaFile.creationStamp("2026-07-01T04:05:00Z", in: chicago)
        XCTAssertEqual(stamp.date, "260630")
        XCTAssertEqual(stamp.time, "2305")
    }

    func testInUTCTheStampIsTheInstantsOwn() {
        let stamp = NachaFile.creationStamp("2026-12-08T01:30:12Z", in: TimeZone(identifier: "UTC")!)
        XCTAssertEqual(stamp.date, "261208")
        XCTAssertEqual(stamp.time, "0130")
    }
}
