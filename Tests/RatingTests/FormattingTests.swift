import SettleDomain
import SettleModuleSDK
import XCTest
@testable import SettleRating

/// Bills print quantities, rates and dates as text; the fast paths must print exactly what
/// the general ones do.
final class FormattingTests: XCTestCase {
    func testSixtyFourBitPathPrintsWhatTheWidePathPrints() {
        var generator = SystemRandomNumberGenerator()
        var values: [Int64] = [0, 1, -1, 5, -5, 49, 50, 51, -50, 499_999, 500_000, -500_000, 1_000_000, -1_000_001, 123_456_789]
        for _ in 0..<5_000 { values.append(Int64.random(in: -9_999_999_999_999...9_999_999_999_999, using: &generator)) }
        for value in values {
            for decimals in 0...6 {
                XCTAssertEqual(Micros.format64(value, decimals: decimals), Micros.formatWide(Int128(value), decimals: decimals), "\(value) to \(decimals) places")
            }
        }
        // Half away from zero at the last place kept; trailing zeros trimmed.
        XCTAssertEqual(Micros.format(Int128(433_333_333), decimals: 3), "433.333")
        XCTAssertEqual(Micros.format(Int128(5_000), decimals: 2), "0.01")
        XCTAssertEqual(Micros.format(Int128(-5_000), decimals: 2), "-0.01")
        XCTAssertEqual(Micros.format(Int128(4_999), decimals: 2), "0")
        XCTAssertEqual(Micros.format(Int128(100_000_000), decimals: 3), "100")
        // Beyond the fast path's range the wide path answers.
        XCTAssertEqual(Micros.format(Int128(Int64.max) * 10, decimals: 0), "92233720368548")
    }

    func testDatesPrintAsYearMonthDay() {
        XCTAssertEqual(LocalDate("2024-02-29")?.description, "2024-02-29")
        XCTAssertEqual(LocalDate(dayNumber: 0).description, "1970-01-01")
    }
}
