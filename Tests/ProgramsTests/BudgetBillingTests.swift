import Foundation
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// Budget billing on the real Accounts, Collections, Programs and Rating modules: plans driven
/// bill by bill through the contracts the billing run uses (PrepareBilling, PostBillCharges with
/// the installment due, RecordBudgetBills), and one billing run over the socket. Every figure
/// is computed by hand in the comments.
final class BudgetBillingTests: XCTestCase {
    struct Customer {
        let host: ProgramsHost
        let agreement: UInt64
        let account: String
    }

    /// Rivera's water agreement with 12 paid monthly charges of `amount` cents, 2023-05-13 to 2024-04-13.
    func customer(_ host: ProgramsHost, history amount: Int64 = 10_000) async throws -> Customer {
        var utility = ProgramsUtility(host: host)
        try await utility.load()
        let who = Customer(host: host, agreement: try XCTUnwrap(utility.agreements["PW"]), account: try XCTUnwrap(utility.accountOf["PW"]))
        for index in 0..<12 {
            let date = Self.month(index - 12, day: 13)
            _ = try await host.collections.postBillCharges(.with {
                $0.idempotencyKey = freshKey("history")
                $0.charges = [.with {
                    $0.billID = "H-\(date)"; $0.accountNumber = who.account; $0.agreementID = who.agreement; $0.serviceType = "water"
                    $0.rateClass = "residential"; $0.period = String(date.prefix(7)); $0.billDate = date; $0.dueDate = date; $0.amountCents = amount
                }]
            })
            _ = try await host.collections.postPayment(.with {
                $0.idempotencyKey = freshKey("pay"); $0.accountNumber = who.account; $0.amountCents = amount; $0.paymentDate = date; $0.reference = "P-H-\(date)"
            })
        }
        return who
    }

    /// "2024-05-DD" moved by `offset` months.
    static func month(_ offset: Int, day: Int) -> String {
        let index = 2024 * 12 + 4 + offset
        return String(format: "%04d-%02d-%02d", index / 12, index % 12 + 1, day)
    }

    func enroll(_ who: Customer, from: String = "2024-05-01") async throws -> Settle_Programs_V1_BudgetPlan {
        try await who.host.programs.enrollBudget(.with {
            $0.idempotencyKey = freshKey("budget"); $0.agreementID = who.agreement; $0.effectiveFrom = from; $0.reason = "customer asked for level payments"
        })
    }

    /// One bill of month `offset` (period closing on the 10th, billed on the 13th, due on the
    /// 3rd of the next month) as the billing run makes it: Programs' decision, the charge posted
    /// with what it makes due, the bill recorded to the plan; paid on the 23rd when `pay`.
    @discardableResult
    func bill(_ who: Customer, _ offset: Int, actual: Int64, pay: Bool = true) async throws -> (Settle_Programs_V1_BudgetInstallment, due: Int64) {
        let start = Self.month(offset - 1, day: 10), end = Self.month(offset, day: 10)
        let billDate = Self.month(offset, day: 13), dueDate = Self.month(offset + 1, day: 3)
        let prepared = try await who.host.programs.prepareBilling(.with {
            $0.idempotencyKey = freshKey("prepare")
            $0.billDate = billDate
            $0.agreements = [.with {
                $0.agreementID = who.agreement; $0.accountNumber = who.account; $0.rateClass = "residential"; $0.serviceType = "water"
                $0.periodStart = start; $0.periodEnd = end
            }]
        })
        let decision = try XCTUnwrap(prepared.budget.first { $0.agreementID == who.agreement })
        let due = decision.kind == "installment" ? decision.installmentCents : actual + decision.deferredBeforeCents
        let billID = "B-\(end)"
        _ = try await who.host.collections.postBillCharges(.with {
            $0.idempotencyKey = freshKey("post")
            $0.charges = [.with {
                $0.billID = billID; $0.accountNumber = who.account; $0.agreementID = who.agreement; $0.serviceType = "water"; $0.rateClass = "residential"
                $0.period = String(end.prefix(7)); $0.billDate = billDate; $0.dueDate = dueDate; $0.amountCents = actual; $0.installmentDueCents = due
            }]
        })
        let record = Settle_Programs_V1_BudgetBillRecord.with {
            $0.billID = billID; $0.agreementID = who.agreement; $0.enrolmentID = decision.enrolmentID; $0.periodEnd = end; $0.billDate = billDate
            $0.actualCents = actual; $0.installmentCents = decision.installmentCents; $0.dueCents = due; $0.kind = decision.kind
            $0.previousInstallmentCents = decision.previousInstallmentCents; $0.changeReason = decision.changeReason
        }
        let key = freshKey("record")
        let recorded = try await who.host.programs.recordBudgetBills(.with { $0.idempotencyKey = key; $0.bills = [record] })
        XCTAssertEqual(recorded.recorded, 1)
        // Recorded again under a new key (a re-run): the plan changes once.
        let again = try await who.host.programs.recordBudgetBills(.with { $0.idempotencyKey = freshKey("record"); $0.bills = [record] })
        XCTAssertEqual(again.alreadyRecorded, 1)
        if pay, due > 0 {
            _ = try await who.host.collections.postPayment(.with {
                $0.idempotencyKey = freshKey("pay"); $0.accountNumber = who.account; $0.amountCents = due; $0.paymentDate = Self.month(offset, day: 23); $0.reference = "P-\(end)"
            })
        }
        return (decision, due)
    }

    func plan(_ who: Customer) async throws -> Settle_Programs_V1_BudgetPlan {
        try await who.host.programs.getBudgetPlan(.with { $0.agreementID = who.agreement })
    }

    func ledger(_ who: Customer, asOf: String = "") async throws -> Settle_Collections_V1_GetAccountLedgerResponse {
        try await who.host.collections.getAccountLedger(.with { $0.accountNumber = who.account; $0.asOf = asOf })
    }

    /// A year at $100.00 (12 × $100.00 ÷ 12). Bills 1–3 at $100.00; bill 4 (August) recalculated
    /// after 3 bills: the last 12 charges are 9 × $100 + $104 + $106 + $110 = $1,220.00, plus the
    /// deferred $20.00 = $1,240.00 ÷ 12 = $103.34 → $104.00. September's $300.00 moves the formula
    /// to (7 × $100 + $104 + $106 + $110 + $120 + $300 = $1,440.00 + $232.00 deferred) ÷ 12 =
    /// $139.34 → $140.00, 34.6 % above $104.00 (beyond 10 %): October is recalculated on drift.
    /// January (3 bills later): (4 × $100 + $1,035.00 = $1,435.00 + $107.00) ÷ 12 = $128.50 →
    /// $129.00; April: ($100 + $1,368.00 + $53.00) ÷ 12 = $126.75 → $127.00. May 2025 is the
    /// settle-up month (the enrolment's): the deferred $23.00 is billed ($150.00 + $23.00 =
    /// $173.00 due), and the installment recomputed on the last 12 charges, $1,511.00 ÷ 12 →
    /// $126.00.
    func testBudgetYearWithRecalculationsAndASettleUpDebitTiesToTheLedger() async throws {
        try await withProgramsHost { host in
            let who = try await self.customer(host)
            let enrolled = try await self.enroll(who)
            XCTAssertEqual(enrolled.installmentCents, 10_000)
            XCTAssertEqual(enrolled.basis, "history")
            XCTAssertEqual(enrolled.historyMonths, 12)
            XCTAssertEqual(enrolled.settleUpMonth, 5)
            let actuals: [Int64] = [10_400, 10_600, 11_000, 12_000, 30_000, 11_000, 9_000, 9_500, 10_000, 10_500, 12_800, 9_700]
            var decisions: [Settle_Programs_V1_BudgetInstallment] = []
            var dues: [Int64] = []
            for (offset, actual) in actuals.enumerated() {
                let (decision, due) = try await self.bill(who, offset, actual: actual)
                decisions.append(decision)
                dues.append(due)
                if offset == 4 {
                    // After September: $232.00 deferred, nothing past due, the balance is the deferred balance.
                    let ledger = try await self.ledger(who, asOf: "2024-09-30")
                    XCTAssertEqual(ledger.deferredCents, 23_200)
                    XCTAssertEqual(ledger.pastDueCents, 0)
                    XCTAssertEqual(ledger.balanceCents, 23_200)
                }
            }
            XCTAssertEqual(dues, [10_000, 10_000, 10_000, 10_400, 10_400, 14_000, 14_000, 14_000, 12_900, 12_900, 12_900, 12_700])
            XCTAssertEqual(decisions[3].previousInstallmentCents, 10_000)
            XCTAssertEqual(decisions[3].changeReason, "recalculated after 3 bills")
            XCTAssertEqual(decisions[5].previousInstallmentCents, 10_400)
            XCTAssertEqual(decisions[5].changeReason, "recalculated: the formula drifted 34.6 %, beyond 10.0 %")
            XCTAssertEqual(decisions[5].note, "Budget installment $104.00 → $140.00 (recalculated: the formula drifted 34.6 %, beyond 10.0 %)")
            XCTAssertEqual(decisions[8].installmentCents, 12_900)
            XCTAssertEqual(decisions[11].installmentCents, 12_700)
            let value1 = try await self.plan(who).deferredCents
            XCTAssertEqual(value1, 2_300)

            let (settle, due) = try await self.bill(who, 12, actual: 15_000)
            XCTAssertEqual(settle.kind, "settle_up")
            XCTAssertEqual(settle.deferredBeforeCents, 2_300)
            XCTAssertEqual(due, 17_300)
            XCTAssertTrue(settle.note.contains("the deferred balance $23.00 is billed on this bill"), settle.note)
            let after = try await self.plan(who)
            XCTAssertEqual(after.deferredCents, 0)
            XCTAssertEqual(after.installmentCents, 12_600)
            XCTAssertEqual(after.bills, 13)
            XCTAssertEqual(after.actualBilledCents, actuals.reduce(0, +) + 15_000)
            XCTAssertEqual(after.installmentsBilledCents, after.actualBilledCents)
            XCTAssertEqual(after.lastSettleUp, "2025-05-10")
            XCTAssertEqual(after.changes.map(\.toCents), [10_000, 10_400, 14_000, 12_900, 12_700, 12_600])

            // Every installment paid: nothing owed, nothing deferred; the trial balance is exact.
            let ledger = try await self.ledger(who)
            XCTAssertEqual(ledger.balanceCents, 0)
            XCTAssertEqual(ledger.deferredCents, 0)
            let check = try await host.collections.checkLedger(.init())
            XCTAssertTrue(check.balanced, "\(check.problems)")
        }
    }

    /// Bills of $60.00 against a $100.00 installment: $40.00 paid ahead each. A settle-up asked
    /// for on the third bill credits the $80.00: $60.00 − $80.00 = −$20.00 due (a credit), and
    /// the installment is recomputed: (9 × $100 + 3 × $60 = $1,080.00) ÷ 12 = $90.00.
    func testSettleUpCreditsADeferredBalanceTheCustomerPaidAhead() async throws {
        try await withProgramsHost { host in
            let who = try await self.customer(host)
            _ = try await self.enroll(who)
            try await self.bill(who, 0, actual: 6_000)
            try await self.bill(who, 1, actual: 6_000)
            let value2 = try await self.plan(who).deferredCents
            XCTAssertEqual(value2, -8_000)
            let asked = try await host.programs.settleUpBudget(.with { $0.idempotencyKey = freshKey("settle"); $0.agreementID = who.agreement; $0.reason = "customer asked" })
            XCTAssertTrue(asked.settleUpPending)
            let (settle, due) = try await self.bill(who, 2, actual: 6_000)
            XCTAssertEqual(settle.kind, "settle_up")
            XCTAssertTrue(settle.note.contains("the deferred balance -$80.00 is credited on this bill"), settle.note)
            XCTAssertEqual(due, -2_000)
            let plan = try await self.plan(who)
            XCTAssertEqual(plan.deferredCents, 0)
            XCTAssertEqual(plan.installmentCents, 9_000)
            XCTAssertFalse(plan.settleUpPending)
            // The ledger: $1,380.00 charged, $1,400.00 paid: a $20.00 credit, nothing deferred.
            let ledger = try await self.ledger(who)
            XCTAssertEqual(ledger.balanceCents, -2_000)
            XCTAssertEqual(ledger.creditCents, -2_000)
            XCTAssertEqual(ledger.deferredCents, 0)
            let value3 = try await host.collections.checkLedger(.init()).balanced
            XCTAssertTrue(value3)
        }
    }

    /// Two installments missed. Collections measures them, not the actual charges: May's bill
    /// ($120.00 actual, $100.00 installment, due 06-03) draws a late fee of 5 % × $100.00 = $5.00
    /// (not $6.00) and a past-due notice for $100.00 on 06-10. On 07-10 the aging has May's
    /// $100.00 in 31–60, June's $100.00 and the fee (billed with June's bill) in 1–30, and $50.00
    /// deferred: $255.00, the ledger's balance. July's bill finds 2 installments missed: the plan
    /// defaults, the deferred $50.00 is due on it ($90.00 + $50.00 = $140.00) and re-enrolment is
    /// barred for 12 months.
    func testDefaultAfterTwoMissedInstallmentsWithAgingFeesAndNoticesOnInstallments() async throws {
        try await withProgramsHost { host in
            let who = try await self.customer(host)
            _ = try await self.enroll(who)
            try await self.bill(who, 0, actual: 12_000, pay: false)
            let fees = try await host.collections.assessLateFees(.with { $0.idempotencyKey = freshKey("fees"); $0.asOf = "2024-06-10" })
            XCTAssertEqual(fees.feeCents, 500)
            let notices = try await host.collections.runNotices(.with { $0.idempotencyKey = freshKey("notices"); $0.asOf = "2024-06-10" })
            let notice = try XCTUnwrap(notices.notices.first { $0.accountNumber == who.account })
            XCTAssertEqual(notice.kind, "past_due")
            XCTAssertEqual(notice.pastDueCents, 10_000)
            try await self.bill(who, 1, actual: 13_000, pay: false)

            let aging = try await host.collections.getAging(.with { $0.asOf = "2024-07-10"; $0.includeAccounts = true })
            let mine = try XCTUnwrap(aging.accounts.first { $0.accountNumber == who.account }).buckets
            XCTAssertEqual(mine.days3160Cents, 10_000)
            XCTAssertEqual(mine.days130Cents, 10_500)
            XCTAssertEqual(mine.deferredCents, 5_000)
            XCTAssertEqual(mine.totalCents, 25_500)
            XCTAssertTrue(aging.tiesToLedger)
            let value4 = try await self.ledger(who, asOf: "2024-07-10").balanceCents
            XCTAssertEqual(value4, 25_500)

            let (leaving, due) = try await self.bill(who, 2, actual: 9_000, pay: false)
            XCTAssertEqual(leaving.kind, "leaving")
            XCTAssertEqual(leaving.changeReason, "default: 2 installments missed")
            XCTAssertEqual(due, 14_000)
            let plan = try await self.plan(who)
            XCTAssertEqual(plan.status, "defaulted")
            XCTAssertEqual(plan.deferredCents, 0)
            XCTAssertEqual(plan.barredUntil, "2025-07-13")
            let enrolments = try await host.programs.getEnrolments(.with { $0.agreementID = who.agreement }).enrolments
            XCTAssertEqual(enrolments.first { $0.kind == "budget" }?.status, "ended")
            // Nothing deferred now: the whole $340.00 + $5.00 fee is owed as billed.
            let ledger = try await self.ledger(who, asOf: "2024-07-13")
            XCTAssertEqual(ledger.deferredCents, 0)
            XCTAssertEqual(ledger.balanceCents, 34_500)

            // Enrolling again lists every reason: the past due and the bar.
            let refused = await assertRPCError(.failedPrecondition) { try await self.enroll(who, from: "2024-08-01") }
            let message = refused?.message ?? ""
            XCTAssertTrue(message.contains("eligibility: account \(who.account) has $"), message)
            XCTAssertTrue(message.contains("policy: re-enrolment barred until 2025-07-13 after the default of plan \(plan.enrolmentID)"), message)
            let value5 = try await host.collections.checkLedger(.init()).balanced
            XCTAssertTrue(value5)
        }
    }

    /// Removal: the next bill makes the deferred balance due and the plan ends; drift listing.
    func testRemovalMakesTheDeferredBalanceDueOnTheNextBill() async throws {
        try await withProgramsHost { host in
            let who = try await self.customer(host)
            _ = try await self.enroll(who)
            // $150.00 against $100.00: $50.00 deferred; the formula gives ($1,100.00 + $150.00 +
            // $50.00) ÷ 12 = $108.34 → $109.00, 9.0 % away: not due for review.
            try await self.bill(who, 0, actual: 15_000)
            var listed = try await host.programs.listBudgetPlans(.with { $0.dueForReview = true }).plans
            XCTAssertEqual(listed.count, 0)
            // $180.00 more: ($1,000.00 + $330.00 + $130.00) ÷ 12 = $121.67 → $122.00, 22.0 % away.
            try await self.bill(who, 1, actual: 18_000)
            listed = try await host.programs.listBudgetPlans(.with { $0.dueForReview = true }).plans
            XCTAssertEqual(listed.map(\.recalculatedInstallmentCents), [12_200])
            XCTAssertEqual(listed.first?.driftBasisPoints, 2_200)
            let removed = try await host.programs.removeBudget(.with { $0.idempotencyKey = freshKey("remove"); $0.agreementID = who.agreement; $0.reason = "customer left the plan" })
            XCTAssertEqual(removed.status, "leaving")
            let (leaving, due) = try await self.bill(who, 2, actual: 10_000)
            XCTAssertEqual(leaving.kind, "leaving")
            XCTAssertEqual(due, 10_000 + 13_000)
            let value6 = try await self.plan(who).status
            XCTAssertEqual(value6, "removed")
            let value7 = try await self.ledger(who).deferredCents
            XCTAssertEqual(value7, 0)
        }
    }

    /// A billing run over the socket with a budget enrolment: Bolt's register-meter agreement E,
    /// new to the ledger, is enrolled on the class estimate ($100.00 a month for large
    /// commercial: 12 × $100.00 ÷ 12). Its bill is $60.00 (100 kWh × $0.10 + $50.00): $100.00 is
    /// due, −$40.00 deferred; the ledger records $60.00 and stays exact.
    func testBillingRunOverTheSocketBillsTheInstallmentAndTheLedgerKeepsActualCharges() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            let e = try XCTUnwrap(utility.agreements["PE"]), account = try XCTUnwrap(utility.accountOf["PE"])
            let supervisor = ProgramsV1.Client(transport: host.checker)
            _ = try await supervisor.setBudgetPolicy(.with {
                $0.idempotencyKey = freshKey("policy")
                $0.policy = .with { $0.classEstimates = [.with { $0.rateClass = "large_commercial"; $0.monthlyCents = 10_000 }] }
                $0.reason = "large commercial estimate"
            })
            let enrolled = try await host.programs.enrollBudget(.with {
                $0.idempotencyKey = freshKey("budget"); $0.agreementID = e; $0.effectiveFrom = "2024-04-01"; $0.reason = "level payments"
            })
            XCTAssertEqual(enrolled.basis, "class_estimate")
            XCTAssertEqual(enrolled.installmentCents, 10_000)

            let last = try await host.runBillingOverSocket(period: "2024-05", billDate: "2024-05-13")
            XCTAssertTrue(last.done)

            let bills = try await host.rating.listBills(.with { $0.cycle = ProgramsUtility.cycle; $0.period = "2024-05" }).bills
            let bill = try XCTUnwrap(bills.first { $0.agreementID == e })
            XCTAssertEqual(bill.rated.totalCents, 6_000)
            XCTAssertEqual(bill.budget.dueCents, 10_000)
            XCTAssertEqual(bill.budget.deferredAfterCents, -4_000)
            XCTAssertTrue(bill.rated.notes.contains("Budget billing (enrolment \(enrolled.enrolmentID)): actual charges 60.00, amount due 100.00 (installment 100.00), deferred balance 0.00 → -40.00"),
                          "\(bill.rated.notes)")
            let plan = try await host.programs.getBudgetPlan(.with { $0.agreementID = e })
            XCTAssertEqual(plan.bills, 1)
            XCTAssertEqual(plan.deferredCents, -4_000)
            XCTAssertEqual(plan.planBills.map(\.billID), [bill.id])
            // Audited once for the batch: each bill's plan, installment and deferred balance,
            // before → after (the whole plan before the bill is kept with it in Programs' store).
            let store = try host.runtime.store(of: "programs")
            let batches = try await store.auditRecords(limit: 1_000).filter { $0.entity.hasPrefix("budget-bills/") }
            XCTAssertEqual(batches.count, 1)
            let applied = batches.first?.after ?? ""
            XCTAssertTrue(applied.contains("\"bill\":\"\(bill.id)\""), applied)
            XCTAssertTrue(applied.contains("\"deferred_cents\":[0,-4000]"), applied)
            XCTAssertTrue(applied.contains("\"installment_cents\":[10000,10000]"), applied)
            let ledger = try await host.collections.getAccountLedger(.with { $0.accountNumber = account })
            XCTAssertEqual(ledger.deferredCents, -4_000)
            XCTAssertEqual(ledger.openItems.first { $0.billID == bill.id }?.openCents, 10_000)
            let check = try await host.collections.checkLedger(.init())
            XCTAssertTrue(check.balanced, "\(check.problems)")
            let register = try await host.rating.getBillRegister(.with { $0.cycle = ProgramsUtility.cycle; $0.period = "2024-05" })
            XCTAssertEqual(check.byKindCents["charge"], register.issuedCents)

            // Cancel and rebill: the plan forgets the cancelled bill (restored as it was before
            // it) and takes the rebill once; the ledger's reversal takes the old installment with it.
            let rebilled = try await RatingV1.Client(transport: host.checker).cancelBill(.with {
                $0.idempotencyKey = freshKey("cancel"); $0.billID = bill.id; $0.reason = "read corrected"; $0.rebill = true
            })
            XCTAssertEqual(rebilled.rebill.budget.dueCents, 10_000)
            XCTAssertEqual(rebilled.rebill.budget.deferredAfterCents, -4_000)
            let afterRebill = try await host.programs.getBudgetPlan(.with { $0.agreementID = e })
            XCTAssertEqual(afterRebill.bills, 1)
            XCTAssertEqual(afterRebill.deferredCents, -4_000)
            XCTAssertEqual(afterRebill.installmentsBilledCents, 10_000)
            XCTAssertEqual(afterRebill.planBills.map(\.billID), [bill.id, rebilled.rebill.id])
            XCTAssertEqual(afterRebill.planBills.map(\.cancelled), [true, false])
            let ledgerAfter = try await host.collections.getAccountLedger(.with { $0.accountNumber = account })
            XCTAssertEqual(ledgerAfter.deferredCents, -4_000)
            XCTAssertNil(ledgerAfter.openItems.first { $0.billID == bill.id })
            XCTAssertEqual(ledgerAfter.openItems.first { $0.billID == rebilled.rebill.id }?.openCents, 10_000)
            let checkAfter = try await host.collections.checkLedger(.init())
            XCTAssertTrue(checkAfter.balanced, "\(checkAfter.problems)")
        }
    }

    /// `settle program budget enroll|show|list --due-for-review|recalculate|settle-up|remove`,
    /// tables and `--json`, on the removal test's figures ($122.00 recalculated, 22.0 % drift).
    func testBudgetCommandsFromTheCommandLine() async throws {
        try await withProgramsHost { host in
            let socket = host.runtime.configuration.socketPath
            let who = try await self.customer(host)
            let agreement = String(who.agreement)
            let enrolled = try await SettleCLI.run(["program", "budget", "enroll", agreement, "--from", "2024-05-01", "--reason", "level payments", "--json"], socket: socket)
            XCTAssertEqual(enrolled.status, 0, enrolled.stderr)
            let plan = try enrolled.object()
            XCTAssertEqual((plan["installment_cents"] as? NSNumber)?.int64Value, 10_000)
            XCTAssertEqual(plan["basis"] as? String, "history")
            XCTAssertEqual(plan["settle_up_month"] as? Int, 5)
            try await self.bill(who, 0, actual: 15_000)
            try await self.bill(who, 1, actual: 18_000)

            let review = try await SettleCLI.run(["program", "budget", "list", "--due-for-review"], socket: socket)
            XCTAssertEqual(review.status, 0, review.stderr)
            let row = try XCTUnwrap(review.stdout.split(separator: "\n").first { $0.contains(plan["enrolment_id"] as? String ?? "?") })
            XCTAssertTrue(row.contains("$100.00") && row.contains("$130.00") && row.contains("$122.00") && row.contains("22.0 %") && row.contains("yes"), String(row))
            let show = try await SettleCLI.run(["program", "budget", "show", agreement], socket: socket)
            XCTAssertEqual(show.status, 0, show.stderr)
            XCTAssertTrue(show.stdout.contains("B-2024-06-10"), show.stdout)
            XCTAssertTrue(show.stdout.contains("enrolled: history, 12 months of history"), show.stdout)

            let noReason = try await SettleCLI.run(["program", "budget", "recalculate", agreement], socket: socket)
            XCTAssertEqual(noReason.status, 3)
            XCTAssertTrue(noReason.stderr.contains("reason: a recalculation needs a reason"), noReason.stderr)
            let recalculated = try await SettleCLI.run(["program", "budget", "recalculate", agreement, "--reason", "summer bills", "--json"], socket: socket)
            XCTAssertEqual((try recalculated.object()["installment_cents"] as? NSNumber)?.int64Value, 12_200)
            let settle = try await SettleCLI.run(["program", "budget", "settle-up", agreement, "--reason", "customer asked", "--json"], socket: socket)
            XCTAssertEqual(try settle.object()["settle_up_pending"] as? Bool, true)
            let removed = try await SettleCLI.run(["program", "budget", "remove", agreement, "--date", "2024-07-01", "--reason", "moving", "--json"], socket: socket)
            XCTAssertEqual(try removed.object()["status"] as? String, "leaving")
            let ledger = try await SettleCLI.run(["ledger", "show", who.account], socket: socket)
            XCTAssertTrue(ledger.stdout.contains("deferred (budget billing) $130.00"), ledger.stdout)
        }
    }

    /// Eligibility lists every reason: April's $100.00 still unpaid (past due on 05-01) and four
    /// late payments in 12 months, more than the 2 allowed (three bills paid on the 25th, after
    /// their due date the 20th, and April's, not paid by its due date). A supervisor allowing 4
    /// and April paid (late: still 4), the plan is accepted.
    func testEnrolmentRefusalsListEveryReason() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            let who = Customer(host: host, agreement: try XCTUnwrap(utility.agreements["PW"]), account: try XCTUnwrap(utility.accountOf["PW"]))
            for index in 0..<12 {
                let date = Self.month(index - 12, day: 13), due = Self.month(index - 12, day: 20)
                _ = try await host.collections.postBillCharges(.with {
                    $0.idempotencyKey = freshKey("history")
                    $0.charges = [.with {
                        $0.billID = "H-\(date)"; $0.accountNumber = who.account; $0.agreementID = who.agreement; $0.serviceType = "water"
                        $0.rateClass = "residential"; $0.period = String(date.prefix(7)); $0.billDate = date; $0.dueDate = due; $0.amountCents = 10_000
                    }]
                })
                guard index < 11 else { continue }
                // Months 2, 5 and 8 are paid on the 25th, after the 20th.
                let paid = [2, 5, 8].contains(index) ? Self.month(index - 12, day: 25) : date
                _ = try await host.collections.postPayment(.with {
                    $0.idempotencyKey = freshKey("pay"); $0.accountNumber = who.account; $0.amountCents = 10_000; $0.paymentDate = paid; $0.reference = "P-\(date)"
                })
            }
            let refused = await assertRPCError(.failedPrecondition) { try await self.enroll(who) }
            let message = refused?.message ?? ""
            XCTAssertTrue(message.contains("eligibility: account \(who.account) has $100.00 past due"), message)
            XCTAssertTrue(message.contains("eligibility: 4 late payments in the last 12 months, more than 2"), message)
            _ = try await ProgramsV1.Client(transport: host.checker).setBudgetPolicy(.with {
                $0.idempotencyKey = freshKey("policy"); $0.policy = .with { $0.maxLatePayments = 4 }; $0.reason = "hardship programme"
            })
            _ = try await host.collections.postPayment(.with {
                $0.idempotencyKey = freshKey("pay"); $0.accountNumber = who.account; $0.amountCents = 10_000; $0.paymentDate = "2024-04-28"; $0.reference = "P-late"
            })
            let plan = try await self.enroll(who)
            XCTAssertEqual(plan.installmentCents, 10_000)
            XCTAssertEqual(plan.historyMonths, 12)
        }
    }
}

