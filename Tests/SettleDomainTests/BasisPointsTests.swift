import SettleDomain
import XCTest

/// Basis points printed as percent text.
final class BasisPointsTests: XCTestCase {
    func testPercentHasOneDecimalCutTowardZero() {
        XCTAssertEqual(BasisPoints.percent(1_250), "12.5 %")
        XCTAssertEqual(BasisPoints.percent(3_461), "34.6 %")
        XCTAssertEqual(BasisPoints.percent(-950), "-9.5 %")
        XCTAssertEqual(BasisPoints.percent(-3_469), "-34.6 %")
        XCTAssertEqual(BasisPoints.percent(0), "0.0 %")
        XCTAssertEqual(BasisPoints.percent(9), "0.0 %")
        XCTAssertEqual(BasisPoints.percent(10_000), "100.0 %")
    }

    func testTheExtremesDoNotTrap() {
        XCTAssertEqual(BasisPoints.percent(Int64(Int32.min)), "-21474836.4 %")
        XCTAssertEqual(BasisPoints.percent(.min), "-92233720368547758.0 %")
    }
}
