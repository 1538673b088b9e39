@testable import Programs
import SettleContracts
import XCTest

/// The installment formula's arithmetic, to the cent.
final class BudgetMathTests: XCTestCase {
    func testInstallmentIsRoundedUpToThePolicyUnit() {
        // $1,200.00 ÷ 12 = $100.00 exactly; $1,208.00 ÷ 12 = $100.67 → $101.00.
        XCTAssertEqual(BudgetMath.installment(total: 120_000, roundUpTo: 100), 10_000)
        XCTAssertEqual(BudgetMath.installment(total: 120_800, roundUpTo: 100), 10_100)
        // To the cent: $1,200.01 ÷ 12 = $100.0008… → $100.01.
        XCTAssertEqual(BudgetMath.installment(total: 120_001, roundUpTo: 1), 10_001)
        XCTAssertEqual(BudgetMath.installment(total: -5_000, roundUpTo: 100), 0)
    }

    func testFormulaFillsMissingMonthsWithTheClassEstimate() {
        // 3 months of $90.00 and 9 months of the $120.00 estimate, $30.00 deferred: $1,380.00.
        let charges = (0..<3).map { _ in Settle_Programs_V1_BudgetCharge.with { $0.cents = 9_000 } }
        XCTAssertEqual(BudgetMath.formulaTotal(charges: charges, estimate: 12_000, deferred: 3_000), 138_000)
    }

    func testDriftIsInBasisPointsOfTheCurrentInstallment() {
        XCTAssertEqual(BudgetMath.driftBasisPoints(current: 10_400, candidate: 14_000), 3_461)
        XCTAssertEqual(BudgetMath.percent(3_461), "34.6 %")
        XCTAssertEqual(BudgetMath.percent(-950), "-9.5 %")
        XCTAssertEqual(BudgetMoney.text(-8_000), "-$80.00")
        XCTAssertEqual(BudgetMoney.text(123_456_78), "$123,456.78")
    }
}
