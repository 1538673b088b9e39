import SettleDomain
import XCTest

/// Rates, ratios and quantities as exact millionths and thousandths.
final class MicrosTests: XCTestCase {
    func testRatesParseToMillionthsAndPrintWithoutTrailingZeros() {
        XCTAssertEqual(Micros.parse("0.112345"), 112_345)
        XCTAssertEqual(Micros.parse("-3.5"), -3_500_000)
        XCTAssertEqual(Micros.parse(" 12 "), 12_000_000)
        XCTAssertNil(Micros.parse("0.1123456"))
        XCTAssertEqual(Micros.parse("0.1123456", maxDecimals: 6, roundExtra: true), 112_346)
        XCTAssertNil(Micros.parse("1e3"))
        XCTAssertEqual(Micros.format(112_345), "0.112345")
        XCTAssertEqual(Micros.format(2_500_000), "2.5")
        XCTAssertEqual(Micros.format(Int128(433_333_333), decimals: 3), "433.333")
    }

    func testUnsignedRatiosRefuseASign() {
        XCTAssertEqual(Micros.parseUnsigned("80"), 80_000_000)
        XCTAssertEqual(Micros.parseUnsigned(".5"), 500_000)
        XCTAssertNil(Micros.parseUnsigned("-2"))
        XCTAssertNil(Micros.parseUnsigned("+2"))
        XCTAssertNil(Micros.parseUnsigned(""))
    }

    func testProductsAreExactOrRefused() {
        XCTAssertEqual(Micros.product([80_000_000, 1_000_000, 1_000_000]), 80_000_000)
        XCTAssertEqual(Micros.product([40_000_000, 2_500_000, 600_000]), 60_000_000)
        XCTAssertNil(Micros.product([1_500, 1_500, 1_000_000]))  // 0.00000225 has 8 decimals
        XCTAssertNil(Micros.product([Int64.max, 2_000_000]))
    }

    func testRoundingModesDifferOnlyAtHalf() {
        XCTAssertEqual(Rounding.halfUp.divide(25, by: 10), 3)
        XCTAssertEqual(Rounding.halfEven.divide(25, by: 10), 2)
        XCTAssertEqual(Rounding.halfEven.divide(35, by: 10), 4)
        XCTAssertEqual(Rounding.halfUp.divide(-25, by: 10), -3)
        XCTAssertEqual(Rounding.halfEven.divide(-25, by: 10), -2)
        XCTAssertEqual(Rounding.halfEven.divide(26, by: 10), 3)
    }

    func testThousandthsCarryIntervalValues() {
        XCTAssertEqual(Thousandths.parse("0.412"), 412)
        XCTAssertEqual(Thousandths.parse("-1.5"), -1_500)
        XCTAssertNil(Thousandths.parse("0.4125"))
        XCTAssertNil(Thousandths.parse("-"))
        XCTAssertEqual(Thousandths.format(12_340), "12.34")
        XCTAssertEqual(Thousandths.format(-12_000), "-12")
    }

    func testUnsignedQuantitiesReadStraightFromFileBytes() {
        func read(_ text: String, round: Bool = true) -> Int64? { Micros.parseUnsigned(bytes: Array(text.utf8)[...], roundExtra: round) }
        XCTAssertEqual(read(" 1.25\t"), 1_250_000)
        XCTAssertEqual(read("0.0000005"), 1)
        XCTAssertEqual(read("0.0000004"), 0)
        XCTAssertNil(read("0.0000005", round: false))
        XCTAssertEqual(read(".5"), 500_000)
        for refused in ["", " ", ".", "-1", "+1", "1 2", "1.2.3", "1e3", "1234567890123"] {
            XCTAssertNil(read(refused), refused)
        }
    }
}
