import Foundation
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// A move-out's final bill made on demand (`BillFinal`, `settle bill final`) goes through the
/// billing run's programs and rate stages, over the real Accounts, Metering, Collections,
/// Programs and Rating: a solar bank is drawn on and then paid out, a budget plan's deferred
/// balance is made due and the plan ends; a retry changes nothing; a cancel gives back what
/// the bill consumed; the trial balance stays exact. Every figure by hand.
///
/// Tariff RES-SOLAR: 10.00 $/month (the 31-day April period 10.33, the 15-day final period
/// 04-10 → 04-25 5.00), 0.10 $/kWh, sell 0.08. Cycle 6, reads 03-10 (install) and 04-10; each
/// customer moves out on 04-25 (the final read). Budget plans start 03-10 on the residential
/// class estimate: 12 × $120.00 ÷ 12 = $120.00 a month.
/// - Sun (net_metering, true-up December at 0.03): April delivered 300, received 500: 200 kWh
///   banked, 10.33. Final: delivered 150, received 30: the net 120 kWh comes from the bank
///   (200 − 120 = 80 left, nothing bought), the 80 kWh are paid 80 × 0.03 = 2.40: 5.00 − 2.40
///   = 2.60, and the bank is empty.
/// - Hi (budget): April 1,500 kWh: 150.00 + 10.33 = 160.33 actual, 120.00 due, +40.33
///   deferred. Final 200 kWh: 20.00 + 5.00 = 25.00 actual; due 25.00 + 40.33 = 65.33.
/// - Lo (budget): April 300 kWh: 30.00 + 10.33 = 40.33 actual, 120.00 due, −79.67 deferred.
///   Final 100 kWh: 10.00 + 5.00 = 15.00 actual; due 15.00 − 79.67 = −64.67 (a credit).
final class FinalBillWithProgramsTests: XCTestCase {
    static let cycle: UInt32 = 6

    struct Person {
        let agreement: UInt64
        let account: String
        /// The 04-25 final reads, imported after the move-out.
        let finalReads: [Settle_Metering_V1_RegisterRead]
    }

    /// Tariff, three customers with their April reads and 04-25 final reads, April billed.
    func load(_ host: ProgramsHost) async throws -> [String: Person] {
        try await host.setReadSchedules(cycle: Self.cycle, [("2024-03", "2024-03-05"), ("2024-04", "2024-04-10"), ("2024-05", "2024-05-10")])
        try await host.activateSolarTariff()

        // Name, meter, received channel, delivered and received registers at 03-10, 04-10, 04-25.
        let people: [(String, String, Bool, [Int64], [Int64])] = [
            ("Sun", "FS1", true, [0, 300, 450], [0, 500, 530]),
            ("Hi", "FH1", false, [0, 1_500, 1_700], []),
            ("Lo", "FL1", false, [0, 300, 400], []),
        ]
        var found: [String: Person] = [:]
        var reads: [Settle_Metering_V1_RegisterRead] = []
        for (name, meter, received, delivered, exported) in people {
            let setup = UtilitySetup(accounts: host.accounts, metering: host.metering)
            let customer = try await setup.customer(name)
            let premise = try await setup.premise("P\(meter)", street: "1 \(name) St")
            try await setup.registerMeter(meter, at: premise, on: "2024-03-10", installRead: 0, dials: 6, exports: received)
            let moved = try await setup.moveIn(customer, at: premise, on: "2024-03-10", cycle: Self.cycle, rateSchedule: "RES-SOLAR")
            var finals: [Settle_Metering_V1_RegisterRead] = []
            for (index, date) in ["2024-04-10", "2024-04-25"].enumerated() {
                let kind: Settle_Metering_V1_ReadKind = index == 0 ? .actual : .final
                var some = [Settle_Metering_V1_RegisterRead.with { $0.meterSerial = meter; $0.channel = .kwhDelivered; $0.readAtUtc = host.midnight(date); $0.value = delivered[index + 1]; $0.kind = kind }]
                if received { some.append(.with { $0.meterSerial = meter; $0.channel = .kwhReceived; $0.readAtUtc = host.midnight(date); $0.value = exported[index + 1]; $0.kind = kind }) }
                if index == 0 { reads += some } else { finals = some }
            }
            found[name] = Person(agreement: moved.agreement, account: moved.account, finalReads: finals)
        }
        let batch = reads
        let imported = try await host.metering.importReads { writer in
            try await writer.write(.with { $0.idempotencyKey = freshKey("reads"); $0.registerReads = batch })
        }
        XCTAssertTrue(imported.committed, "\(imported.rejected.map(\.reason))")
        return found
    }

    func enroll(_ host: ProgramsHost, _ people: [String: Person]) async throws -> (solar: String, hi: String, lo: String) {
        let solar = try await host.programs.enroll(.with {
            $0.idempotencyKey = freshKey("enroll"); $0.kind = "solar"; $0.agreementID = people["Sun"]?.agreement ?? 0; $0.effectiveFrom = "2024-03-10"
            $0.solar = .with { $0.metering = "net_metering"; $0.trueUpMonth = 12; $0.yearendSellRate = "0.03" }
            $0.reason = "interconnection approved"
        })
        var plans: [String] = []
        for name in ["Hi", "Lo"] {
            let plan = try await host.programs.enrollBudget(.with {
                $0.idempotencyKey = freshKey("budget"); $0.agreementID = people[name]?.agreement ?? 0; $0.effectiveFrom = "2024-03-10"; $0.reason = "level payments"
            })
            XCTAssertEqual(plan.installmentCents, 12_000, "the residential class estimate")
            plans.append(plan.enrolmentID)
        }
        return (solar.id, plans[0], plans[1])
    }

    func runApril(_ host: ProgramsHost) async throws {
        let vee = try await host.metering.runVee(.with { $0.idempotencyKey = freshKey("vee"); $0.cycle = Self.cycle; $0.period = "2024-04" })
        let exceptions = try await host.metering.listVeeExceptions(.with { $0.cycle = Self.cycle; $0.period = "2024-04" }).collect().flatMap(\.exceptions)
        XCTAssertEqual(vee.exceptions, 0, "\(exceptions.map { "\($0.type): \($0.measured)" })")
        let last = try await host.runBilling(cycle: Self.cycle, period: "2024-04", billDate: "2024-04-12")
        XCTAssertTrue(last.done)
        let register = try await host.rating.getBillRegister(.with { $0.cycle = Self.cycle; $0.period = "2024-04" })
        XCTAssertEqual(last.billed, 3, "\(last) \(register.skips.map(\.reason))")
    }

    func moveOutAndBillFinal(_ host: ProgramsHost, _ person: Person, key: String = freshKey("final")) async throws -> Settle_Rating_V1_BillFinalResponse {
        let agreement = try await host.accounts.getServiceAgreement(.with { $0.agreementID = person.agreement }).agreement
        if agreement.status == "active" {
            _ = try await host.accounts.moveOut(.with { $0.idempotencyKey = freshKey("move-out"); $0.accountNumber = person.account; $0.date = "2024-04-25" })
            let reads = person.finalReads
            let imported = try await host.metering.importReads { writer in
                try await writer.write(.with { $0.idempotencyKey = freshKey("final-reads"); $0.registerReads = reads })
            }
            XCTAssertTrue(imported.committed, "\(imported.rejected.map(\.reason))")
        }
        return try await host.rating.billFinal(.with { $0.idempotencyKey = key; $0.agreementID = person.agreement; $0.billDate = "2024-04-29" })
    }

    func testSolarFinalBillDrawsOnTheBankThenPaysTheRestOut() async throws {
        try await withProgramsHost { host in
            let people = try await self.load(host)
            let sun = try XCTUnwrap(people["Sun"])
            let (enrolment, _, _) = try await self.enroll(host, people)
            try await self.runApril(host)
            var bank = try await host.programs.getSolarBank(.with { $0.agreementID = sun.agreement })
            XCTAssertEqual(bank.balance.bankMwh, [200_000_000])

            let final = try await self.moveOutAndBillFinal(host, sun)
            XCTAssertFalse(final.alreadyBilled)
            XCTAssertEqual(final.agreementStatus, "final")
            let bill = final.bill
            XCTAssertTrue(bill.finalBill)
            XCTAssertEqual(bill.id, "B-2024-05-C06-\(String(format: "%07d", sun.agreement))")
            XCTAssertEqual(bill.input.periodStart, "2024-04-10")
            XCTAssertEqual(bill.input.periodEnd, "2024-04-25")
            // The bank April left, drawn on: 120 kWh applied, 80 left and paid out at 0.03.
            XCTAssertEqual(bill.input.solar.bankStartMwh, [200_000_000])
            XCTAssertEqual(bill.input.solar.trueUpMonth, 4, "the final bill is the true-up")
            let figures = try XCTUnwrap(bill.rated.solar.banks.first)
            XCTAssertEqual([figures.startMwh, figures.addedMwh, figures.appliedMwh, figures.paidOutMwh, figures.endMwh],
                           [200_000_000, 0, 120_000_000, 80_000_000, 0])
            XCTAssertTrue(bill.rated.solar.trueUp)
            XCTAssertEqual(bill.rated.solar.trueUpCreditCents, 240)
            XCTAssertEqual(bill.rated.lines.first { $0.component == "true_up_credit" }?.amountCents, -240)
            XCTAssertEqual(bill.rated.totalCents, 260, "5.00 customer charge − 2.40 true-up")
            XCTAssertTrue(bill.rated.notes.contains("Solar net_metering (enrolment \(enrolment)) closed on the final bill: the kWh left in the bank after this bill are paid at the year-end sell rate 0.03"),
                          "\(bill.rated.notes)")
            XCTAssertTrue(bill.rated.notes.contains("Solar net_metering (enrolment \(enrolment)): bank all 200 + 0 − 120 − 80 paid out = 0 kWh; true-up credit 2.40"), "\(bill.rated.notes)")
            bank = try await host.programs.getSolarBank(.with { $0.agreementID = sun.agreement })
            XCTAssertEqual(bank.balance.bankMwh, [0])
            XCTAssertEqual(bank.bills.first?.billID, bill.id)
            XCTAssertEqual(bank.bills.first?.trueUpCreditCents, 240)
            // Audited as a run's batch: the movement recorded under the bill's key.
            let store = try host.runtime.store(of: "programs")
            let records = try await store.auditRecords(limit: 1_000).filter { $0.entity.hasPrefix("solar_bank/") && $0.after.contains(bill.id) }
            XCTAssertEqual(records.count, 1)

            // A retry (another key, another day) bills nothing and moves no bank.
            let again = try await self.moveOutAndBillFinal(host, sun)
            XCTAssertTrue(again.alreadyBilled)
            XCTAssertEqual(again.bill.rated.totalCents, 260)
            XCTAssertEqual(again.posted, 0)
            let history = try await host.programs.getSolarBank(.with { $0.agreementID = sun.agreement })
            XCTAssertEqual(history.bills.count, 2)
            XCTAssertEqual(history.balance.bankMwh, [0])
            var ledger = try await host.collections.getAccountLedger(.with { $0.accountNumber = sun.account; $0.asOf = "2100-01-01"; $0.includeEntries = true })
            XCTAssertEqual(ledger.entries.filter { $0.kind == "charge" }.map(\.amountCents), [1_033, 260])
            var check = try await host.collections.checkLedger(.init())
            XCTAssertTrue(check.balanced, "\(check.problems)")
            XCTAssertEqual(check.byKindCents["charge"], 1_033 + 16_033 + 4_033 + 260)

            // Cancel and rebill: the cancel gives the 200 kWh back, the rebill draws and pays again.
            let rebilled = try await RatingV1.Client(transport: host.checker).cancelBill(.with {
                $0.idempotencyKey = freshKey("cancel"); $0.billID = bill.id; $0.reason = "final read confirmed"; $0.rebill = true
            })
            XCTAssertEqual(rebilled.rebill.input.solar.bankStartMwh, [200_000_000])
            XCTAssertEqual(rebilled.rebill.rated.solar.trueUpCreditCents, 240)
            XCTAssertEqual(rebilled.rebill.rated.totalCents, 260)
            bank = try await host.programs.getSolarBank(.with { $0.agreementID = sun.agreement })
            XCTAssertEqual(bank.bills.map(\.status), ["recorded", "cancelled", "recorded"])
            XCTAssertEqual(bank.balance.bankMwh, [0])
            ledger = try await host.collections.getAccountLedger(.with { $0.accountNumber = sun.account; $0.asOf = "2100-01-01"; $0.includeEntries = true })
            XCTAssertEqual(ledger.balanceCents, 1_033 + 260)
            check = try await host.collections.checkLedger(.init())
            XCTAssertTrue(check.balanced, "\(check.problems)")
        }
    }

    /// The cycle's run closes a bank the same way when it bills the move-out itself: Sun moves
    /// out on 05-08, before May's read; the run's final bill 04-10 → 05-08 (28 days: 10.00 ×
    /// 28/30 = 9.33) draws the net 120 kWh from the 200 banked and pays the 80 left at 0.03:
    /// 9.33 − 2.40 = 6.93.
    func testTheCyclesRunClosesTheBankOfAMoveOutItBills() async throws {
        try await withProgramsHost { host in
            let people = try await self.load(host)
            let sun = try XCTUnwrap(people["Sun"])
            _ = try await self.enroll(host, people)
            try await self.runApril(host)
            _ = try await host.accounts.moveOut(.with { $0.idempotencyKey = freshKey("move-out"); $0.accountNumber = sun.account; $0.date = "2024-05-08" })
            let reads = sun.finalReads.map { read in
                var moved = read
                moved.readAtUtc = host.midnight("2024-05-08")
                return moved
            }
            let imported = try await host.metering.importReads { writer in
                try await writer.write(.with { $0.idempotencyKey = freshKey("final-reads"); $0.registerReads = reads })
            }
            XCTAssertTrue(imported.committed, "\(imported.rejected.map(\.reason))")
            _ = try await host.metering.runVee(.with { $0.idempotencyKey = freshKey("vee"); $0.cycle = Self.cycle; $0.period = "2024-05" })
            let last = try await host.runBilling(cycle: Self.cycle, period: "2024-05", billDate: "2024-05-12")
            XCTAssertEqual(last.finalBills, 1)
            let bill = try await host.rating.getBill(.with { $0.billID = "B-2024-05-C06-\(String(format: "%07d", sun.agreement))" })
            XCTAssertTrue(bill.finalBill)
            XCTAssertEqual(bill.input.solar.trueUpMonth, 5)
            let figures = try XCTUnwrap(bill.rated.solar.banks.first)
            XCTAssertEqual([figures.startMwh, figures.appliedMwh, figures.paidOutMwh, figures.endMwh], [200_000_000, 120_000_000, 80_000_000, 0])
            XCTAssertEqual(bill.rated.solar.trueUpCreditCents, 240)
            XCTAssertEqual(bill.rated.totalCents, 693)
            let bank = try await host.programs.getSolarBank(.with { $0.agreementID = sun.agreement })
            XCTAssertEqual(bank.balance.bankMwh, [0])
            let check = try await host.collections.checkLedger(.init())
            XCTAssertTrue(check.balanced, "\(check.problems)")
        }
    }

    func testBudgetFinalBillsMakeTheDeferredBalanceDueAndEndThePlans() async throws {
        try await withProgramsHost { host in
            let people = try await self.load(host)
            let hi = try XCTUnwrap(people["Hi"]), lo = try XCTUnwrap(people["Lo"])
            let (_, hiPlan, loPlan) = try await self.enroll(host, people)
            try await self.runApril(host)
            var plan = try await host.programs.getBudgetPlan(.with { $0.agreementID = hi.agreement })
            XCTAssertEqual(plan.deferredCents, 4_033)
            plan = try await host.programs.getBudgetPlan(.with { $0.agreementID = lo.agreement })
            XCTAssertEqual(plan.deferredCents, -7_967)

            // Hi: 25.00 actual + 40.33 deferred = 65.33 due; the plan ends on the final bill.
            let hiFinal = try await self.moveOutAndBillFinal(host, hi).bill
            XCTAssertEqual(hiFinal.rated.totalCents, 2_500)
            XCTAssertEqual(hiFinal.budget.kind, "leaving")
            XCTAssertEqual(hiFinal.budget.changeReason, "final bill (move-out)")
            XCTAssertEqual([hiFinal.budget.actualCents, hiFinal.budget.deferredBeforeCents, hiFinal.budget.dueCents, hiFinal.budget.deferredAfterCents], [2_500, 4_033, 6_533, 0])
            XCTAssertTrue(hiFinal.rated.notes.contains("Budget billing (enrolment \(hiPlan)): actual charges 25.00, amount due 65.33 (installment 120.00), deferred balance 40.33 → 0.00"),
                          "\(hiFinal.rated.notes)")
            // Lo: 15.00 actual − 79.67 deferred = −64.67, credited.
            let loFinal = try await self.moveOutAndBillFinal(host, lo).bill
            XCTAssertEqual([loFinal.budget.actualCents, loFinal.budget.deferredBeforeCents, loFinal.budget.dueCents, loFinal.budget.deferredAfterCents], [1_500, -7_967, -6_467, 0])
            XCTAssertEqual(loFinal.budget.kind, "leaving")

            for (person, enrolment, final) in [(hi, hiPlan, hiFinal), (lo, loPlan, loFinal)] {
                let ended = try await host.programs.getBudgetPlan(.with { $0.agreementID = person.agreement })
                XCTAssertEqual(ended.status, "removed")
                XCTAssertEqual(ended.endReason, "final bill (move-out)")
                XCTAssertEqual(ended.deferredCents, 0)
                XCTAssertEqual(ended.bills, 2)
                XCTAssertEqual(ended.planBills.last?.billID, final.id)
                let shown = try await host.programs.getEnrolments(.with { $0.agreementID = person.agreement })
                XCTAssertEqual(shown.enrolments.first { $0.id == enrolment }?.status, "ended")
                // The ledger on actual charges; nothing deferred once the final bill made it due.
                let ledger = try await host.collections.getAccountLedger(.with { $0.accountNumber = person.account; $0.asOf = "2100-01-01"; $0.includeEntries = true })
                XCTAssertEqual(ledger.deferredCents, 0)
            }
            var hiLedger = try await host.collections.getAccountLedger(.with { $0.accountNumber = hi.account; $0.asOf = "2100-01-01"; $0.includeEntries = true })
            XCTAssertEqual(hiLedger.entries.filter { $0.kind == "charge" }.map(\.amountCents), [16_033, 2_500])
            XCTAssertEqual(hiLedger.balanceCents, 18_533, "120.00 + 65.33 owed")
            let loLedger = try await host.collections.getAccountLedger(.with { $0.accountNumber = lo.account; $0.asOf = "2100-01-01"; $0.includeEntries = true })
            XCTAssertEqual(loLedger.balanceCents, 5_533, "120.00 − 64.67 owed")
            // Audited: the plan's end with before and after.
            let store = try host.runtime.store(of: "programs")
            let hiAudit = try await store.auditRecords(entity: "budget/\(hiPlan)")
            XCTAssertEqual(hiAudit.last?.reason, "bill \(hiFinal.id) (leaving)")

            // Retrying changes nothing: the bill, the plan, the ledger.
            let again = try await self.moveOutAndBillFinal(host, hi)
            XCTAssertTrue(again.alreadyBilled)
            XCTAssertEqual(again.bill.budget.dueCents, 6_533)
            let still = try await host.programs.getBudgetPlan(.with { $0.agreementID = hi.agreement })
            XCTAssertEqual(still.bills, 2)
            XCTAssertEqual(still.status, "removed")
            hiLedger = try await host.collections.getAccountLedger(.with { $0.accountNumber = hi.account; $0.asOf = "2100-01-01"; $0.includeEntries = true })
            XCTAssertEqual(hiLedger.balanceCents, 18_533)
            var check = try await host.collections.checkLedger(.init())
            XCTAssertTrue(check.balanced, "\(check.problems)")
            XCTAssertEqual(check.byKindCents["charge"], 1_033 + 16_033 + 4_033 + 2_500 + 1_500)

            // Cancelling Hi's final bill gives the plan back as it was, its enrolment open again.
            _ = try await RatingV1.Client(transport: host.checker).cancelBill(.with {
                $0.idempotencyKey = freshKey("cancel"); $0.billID = hiFinal.id; $0.reason = "move-out entered in error"
            })
            let restored = try await host.programs.getBudgetPlan(.with { $0.agreementID = hi.agreement })
            XCTAssertEqual(restored.status, "active")
            XCTAssertEqual(restored.deferredCents, 4_033)
            XCTAssertEqual(restored.bills, 1)
            let reopened = try await host.programs.getEnrolments(.with { $0.agreementID = hi.agreement })
            let enrolment = try XCTUnwrap(reopened.enrolments.first { $0.id == hiPlan })
            XCTAssertEqual(enrolment.status, "active")
            XCTAssertEqual(enrolment.effectiveTo, "")
            XCTAssertEqual(enrolment.history.last?.action, "changed")
            hiLedger = try await host.collections.getAccountLedger(.with { $0.accountNumber = hi.account; $0.asOf = "2100-01-01"; $0.includeEntries = true })
            XCTAssertEqual(hiLedger.deferredCents, 4_033)
            XCTAssertEqual(hiLedger.balanceCents, 16_033)
            check = try await host.collections.checkLedger(.init())
            XCTAssertTrue(check.balanced, "\(check.problems)")
        }
    }
}
