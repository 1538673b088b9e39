@testable import SettleMetering
import SettleDomain
import XCTest

/// Consumption = ((current − previous) mod 10^dials) × multiplier, exactly.
final class RegisterMathTests: XCTestCase {
    func testFourDialRollover() {
        // 9,950 → 0,120 on a 4-dial meter: 170 kWh, not −9,830.
        let result = RegisterMath.consumption(previous: 9_950, current: 120, dials: 4, multiplierMicros: 1_000_000)
        XCTAssertEqual(result.thousandths, 170_000)
        XCTAssertTrue(result.rolledOver)
    }

    func testFiveDialRollover() {
        let result = RegisterMath.consumption(previous: 99_990, current: 15, dials: 5, multiplierMicros: 1_000_000)
        XCTAssertEqual(result.thousandths, 25_000)
        XCTAssertTrue(result.rolledOver)
        // The same readings on a 4-dial meter would not fit: 10^4 wraps at 10,000.
        XCTAssertEqual(RegisterMath.wrappedDelta(previous: 9_990, current: 15, dials: 4), 25)
    }

    func testNoRolloverIsPlainDifference() {
        let result = RegisterMath.consumption(previous: 1_200, current: 2_034, dials: 5, multiplierMicros: 1_000_000)
        XCTAssertEqual(result.thousandths, 834_000)
        XCTAssertFalse(result.rolledOver)
    }

    func testMultiplierEightyCTMeter() throws {
        // 400:5 CT = 80, PT 1, register constant 1: 1,234 register units = 98,720 kWh.
        let multiplier = try XCTUnwrap(Micros.product([80_000_000, 1_000_000, 1_000_000]))
        XCTAssertEqual(multiplier, 80_000_000)
        XCTAssertEqual(Micros.format(multiplier), "80")
        let result = RegisterMath.consumption(previous: 4_000, current: 5_234, dials: 5, multiplierMicros: multiplier)
        XCTAssertEqual(result.thousandths, 98_720_000)
    }

    func testMultiplierEightyAcrossRollover() {
        // 99,990 → 00,010 on a 5-dial ×80 meter: 20 units × 80 = 1,600 kWh.
        let result = RegisterMath.consumption(previous: 99_990, current: 10, dials: 5, multiplierMicros: 80_000_000)
        XCTAssertEqual(result.thousandths, 1_600_000)
    }

    func testFractionalMultipliersStayExact() throws {
        // CT 40 × PT 2.5 × constant 0.6 = 60.
        let multiplier = try XCTUnwrap(Micros.product([40_000_000, 2_500_000, 600_000]))
        XCTAssertEqual(multiplier, 60_000_000)
        // Constant 0.001: 7 units = 0.007 kWh = 7 Wh.
        XCTAssertEqual(RegisterMath.thousandths(registerUnits: 7, multiplierMicros: 1_000), 7)
        // More than 6 decimals in the product is refused rather than rounded.
        XCTAssertNil(Micros.product([1_500, 1_500, 1_000_000]))
    }

    func testEstimateBackToRegisterUnits() {
        // 98,720 kWh on a ×80 meter = 1,234 units.
        XCTAssertEqual(RegisterMath.registerUnits(thousandths: 98_720_000, multiplierMicros: 80_000_000), 1_234)
        // 100 kWh on a ×80 meter = 1.25 units → 1 (half up only from .5).
        XCTAssertEqual(RegisterMath.registerUnits(thousandths: 100_000, multiplierMicros: 80_000_000), 1)
        XCTAssertEqual(RegisterMath.registerUnits(thousandths: 120_000, multiplierMicros: 80_000_000), 2)
    }

    func testDecimalParsing() {
        XCTAssertEqual(Micros.parseUnsigned("2.5"), 2_500_000)
        XCTAssertEqual(Micros.parseUnsigned("80"), 80_000_000)
        XCTAssertNil(Micros.parseUnsigned("1.2345678"))
        XCTAssertNil(Micros.parseUnsigned("abc"))
        XCTAssertEqual(Thousandths.parse("0.412"), 412)
        XCTAssertEqual(Thousandths.parse("12"), 12_000)
        XCTAssertEqual(Thousandths.parse("-1.5"), -1_500)
        XCTAssertNil(Thousandths.parse("0.4125"))
        XCTAssertNil(Thousandths.parse("1e3"))
        XCTAssertEqual(Thousandths.format(12_340), "12.34")
    }
}
