@testable import SettleCollections
import SettleDomain
import XCTest

/// Amounts in payment files parse exactly to cents, or not at all.
final class MoneyTests: XCTestCase {
    func testAmountsParseExactlyOrAreRefused() {
        XCTAssertEqual(Money.cents("125.00"), 12_500)
        XCTAssertEqual(Money.cents("12.5"), 1_250)
        XCTAssertEqual(Money.cents("12"), 1_200)
        XCTAssertEqual(Money.cents("$0.07"), 7)
        XCTAssertEqual(Money.cents("1,234.56"), 123_456)
        XCTAssertEqual(Money.cents("1,234,567"), 123_456_700)
        XCTAssertEqual(Money.cents(" 0.10 "), 10)
        for bad in ["", "ten", "1.234", "1,50.5", "12,34", "-5.00", "1.2.3", ",100", "1e3", "."] {
            XCTAssertNil(Money.cents(bad), bad)
        }
    }

    func testPercentRoundsHalfUpAndTextShowsCents() {
        XCTAssertEqual(Money.percent(10_001, basisPoints: 500), 500)  // 500.05 → 500
        XCTAssertEqual(Money.percent(10_010, basisPoints: 500), 501)  // 500.5 → 501
        XCTAssertEqual(Money.text(-123_405), "-1234.05")
        XCTAssertEqual(Money.text(7), "0.07")
    }

    func testDatesCountDaysAndWeekdays() throws {
        let date = try XCTUnwrap(LocalDate("2025-01-31"))
        XCTAssertEqual(date.adding(days: 30).description, "2025-03-02")
        XCTAssertEqual(date.adding(months: 1).description, "2025-02-28")
        XCTAssertEqual(LocalDate("2025-11-29")?.isoWeekday, 6)  // a Saturday
        XCTAssertEqual(LocalDate("2024-02-29")?.description, "2024-02-29")
        XCTAssertNil(LocalDate("2025-02-29"))
    }
}
