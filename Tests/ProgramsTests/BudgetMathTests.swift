@testable import SettlePrograms
import SettleContracts
import SettleDomain
import SwiftProtobuf
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
        XCTAssertEqual(BasisPoints.percent(3_461), "34.6 %")
        XCTAssertEqual(BasisPoints.percent(-950), "-9.5 %")
        XCTAssertEqual(Dollars.signed(-8_000), "-$80.00")
        XCTAssertEqual(Dollars.signed(123_456_78), "$123,456.78")
    }

    /// A leaving bill decided on the bill itself: a default bars re-enrolment for 12 months from
    /// the bill date; a move-out's final bill ends the plan without a bar. Both bill the
    /// deferred $50.00 with the $90.00 actual ($140.00 due) and leave nothing deferred.
    func testALeavingBillEndsThePlanAndOnlyADefaultBarsReEnrolment() {
        var plan = Settle_Programs_V1_BudgetPlan()
        plan.enrolmentID = "E000001"
        plan.status = BudgetStatus.active
        plan.installmentCents = 10_000
        plan.deferredCents = 5_000
        let rules = BudgetRules(BudgetRules.defaults)
        func leaving(_ reason: String) -> Settle_Programs_V1_BudgetBillRecord {
            .with { $0.billID = "B-3"; $0.periodEnd = "2024-07-10"; $0.billDate = "2024-07-13"; $0.actualCents = 9_000
                $0.installmentCents = 10_000; $0.dueCents = 14_000; $0.kind = BudgetBillKind.leaving; $0.changeReason = reason }
        }
        let defaulted = BudgetPlanUpdate.apply(leaving("default: 2 installments missed"), to: plan, rules: rules, actor: "rating")
        XCTAssertEqual(defaulted.status, BudgetStatus.defaulted)
        XCTAssertEqual(defaulted.barredUntil, "2025-07-13")
        XCTAssertEqual(defaulted.deferredCents, 0)
        let movedOut = BudgetPlanUpdate.apply(leaving("final bill (move-out)"), to: plan, rules: rules, actor: "rating")
        XCTAssertEqual(movedOut.status, BudgetStatus.removed)
        XCTAssertEqual(movedOut.barredUntil, "")
        XCTAssertEqual(movedOut.endReason, "final bill (move-out)")
        XCTAssertEqual(movedOut.deferredCents, 0)
    }
}
