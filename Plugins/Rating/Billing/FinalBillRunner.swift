import Foundation
import Logging
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Issues and completes final bills: move-out → final read → final bill → Accounts'
/// `CompleteFinalBill` → the charge posted to Collections marked `final_bill`.
///
/// Every step is idempotent and leaves its mark in the store, so an interrupted call or run
/// is finished by the next: an agreement has one final bill (the `final_bill` table and the
/// bill's deterministic id), Accounts is told with a key derived from the agreement, and the
/// charge is posted under the key naming the bill (Collections reports it `already_posted`).
struct FinalBillRunner {
    /// The billing run's stages, for one agreement: a final bill goes through the same programs
    /// and rate stages as a cycle's bill, so every program effect applies to it the same way.
    /// Its neighbours (store, Metering, Accounts, Collections, Programs for the holiday
    /// calendar), zone and caller are the run's.
    let pipeline: BillingRunner

    /// The final bills of `run`'s caller, audited with the reason "final bill".
    init(_ run: BillingRunner) {
        var pipeline = run
        pipeline.reason = "final bill"
        self.pipeline = pipeline
    }

    /// What completing a final bill did.
    struct Completion: Sendable {
        var agreementStatus = ""
        var posting = Settle_Collections_V1_PostBillChargesResponse()
    }

    /// Rates the off-cycle final bill of a moved-out agreement (nothing is stored in Rating yet).
    ///
    /// Through the run's programs stage (`PrepareBilling` for this one agreement, keyed by the
    /// bill's period and the move-out, so a retry is answered as the first call was) and its rate
    /// stage: a solar bill starts from the bank before its own movement and closes the bank
    /// (`SolarBanks.closingOut`), a budget bill is a `leaving` bill that makes the deferred
    /// balance due, a wastewater average applies; a totalized member is refused (its use is
    /// billed on the lead's bill).
    func rate(_ agreement: Settle_Accounts_V1_ServiceAgreement, billDate: LocalDate, dueDays: Int) async throws -> Settle_Rating_V1_Bill {
        guard agreement.status == "pending_final", let moveOut = LocalDate(agreement.endDate) else {
            throw RatingError.failedPrecondition(agreement.status == "final"
                ? "agreement \(agreement.id) is final already (final bill recorded on \(agreement.finalBilledDate)) and has no final bill in Rating to finish"
                : "agreement \(agreement.id) is \(agreement.status); only a moved-out (pending_final) agreement takes a final bill (settle account move-out first)")
        }
        let last = try await pipeline.store.read { db in try FinalBillStore.lastBill(agreement: agreement.id, in: db) }
        let start = last.flatMap { LocalDate($0.input.periodEnd) } ?? LocalDate(agreement.startDate) ?? moveOut
        // After a rate change (a TOU enrolment) the period bills on the schedule of its first day.
        let schedule = agreement.rateSchedule(forPeriodStarting: start.description)
        let terms = try await pipeline.store.read { db in try TariffStore.activeTerms(schedule, in: db) }
        guard start < moveOut else {
            throw RatingError.failedPrecondition("agreement \(agreement.id)'s last bill \(last?.id ?? "") already runs to \(start), on or after the move-out \(moveOut): rebill it (settle bill cancel \(last?.id ?? "") --rebill) to make it final")
        }
        let settings = BillingRunner.Settings(
            cycle: agreement.billCycle, period: FinalBill.period(lastBill: last, moveOut: moveOut), highBillMultipleMicros: 3 * Micros.scale, batchSize: 1,
            billDate: billDate, dueDate: billDate.adding(days: dueDays))
        let id = BillIdentity.id(period: settings.periodText, cycle: agreement.billCycle, agreement: agreement.id)
        // Before Programs is asked: a bill of that period is not made final here.
        if let clash = try await pipeline.store.read({ db in try? BillStore.bill(id, in: db) }) {
            throw RatingError.failedPrecondition("agreement \(agreement.id) already has bill \(clash.id) for \(clash.period); cancel and rebill it to make it final")
        }

        var request = Settle_Metering_V1_GetBillingDeterminantsRequest()
        request.items = [.init(agreement: agreement.id, premise: agreement.premiseID, service: agreement.serviceType,
                               from: start.description, to: moveOut.description)]
        let holidays = try await pipeline.programs.holidays(years: start.components.year...moveOut.components.year)
        if let version = terms.last, let schedules = BillingRunner.schedules(for: version, holidays: holidays) {
            request.tou = schedules.tou
            request.demandTou = schedules.demand
        }
        var found: Settle_Metering_V1_BillingDeterminants?
        for try await batch in try await pipeline.metering.getBillingDeterminants(request) { found = found ?? batch.determinants.first }
        guard var determinants = found else { throw RatingError.failedPrecondition("Metering returned no determinants for agreement \(agreement.id) from \(start) to \(moveOut)") }
        guard determinants.problem.isEmpty else {
            throw RatingError.failedPrecondition("cannot issue agreement \(agreement.id)'s final bill from \(start) to the move-out \(moveOut): \(determinants.problem)")
        }
        determinants.rateSchedule = schedule
        determinants.accountNumber = agreement.accountNumber
        determinants.rateClass = agreement.rateClass
        guard FinalBill.isFinal(agreement, periodEnd: determinants.periodEnd) else {
            throw RatingError.failedPrecondition("Metering's period for agreement \(agreement.id) ends on \(determinants.periodEnd), before the move-out \(moveOut)")
        }

        // The run's stages: programs, then rate (the bill's programs effects, as in a cycle).
                let tariffs: [String: Result<[TariffTerms], RPCError>] = [schedule: .success(terms)]
        let (items, effects) = try await pipeline.applyPrograms([determinants], settings: settings, agreements: [agreement.id: agreement], tariffs: tariffs)
        let programmed = items.first { $0.agreementID == agreement.id } ?? determinants
        let lookups = BillingRunner.BatchLookups(accounts: pipeline.accounts, metering: pipeline.metering)
        try await lookups.prefetch([(programmed, terms, agreement.customerID)])
        var bill: Settle_Rating_V1_Bill
        switch pipeline.rate(programmed, settings: settings, agreement: agreement, tariffs: tariffs, average: nil,
                           history: last?.input.demandHistory ?? [], lookups: lookups, effects: effects[agreement.id]) {
        case .skip(let why):
            throw RatingError.failedPrecondition("cannot bill agreement \(agreement.id)'s final bill on \(schedule): \(why)")
        case .bill(let rated):
            bill = rated
        }
        bill.runID = "final"
        bill.finalBill = true
        // Asked for by a person closing the account: issued, not held for review.
        bill.holdReasons = []
        bill.status = "issued"
        return bill
    }

    /// Tells Accounts (first, as Collections asks) and posts the charge marked final; marks
    /// the bill posted and the final bill completed. Safe to repeat.
    func complete(_ bill: Settle_Rating_V1_Bill) async throws -> Completion {
        var completion = Completion()
        var lookup = Settle_Accounts_V1_GetServiceAgreementRequest()
        lookup.agreementID = bill.agreementID
        let agreement = try await pipeline.accounts.getServiceAgreement(lookup).agreement
        completion.agreementStatus = agreement.status
        if agreement.status == "pending_final" {
            var request = Settle_Accounts_V1_CompleteFinalBillRequest()
            request.idempotencyKey = "rating-final-\(bill.agreementID)"
            request.agreementID = bill.agreementID
            request.billedDate = max(bill.billDate, agreement.endDate)
            completion.agreementStatus = try await pipeline.accounts.completeFinalBill(request).agreement.status
        }
        if !bill.posted {
            completion.posting = try await BillPosting.post([bill], collections: pipeline.collections, programs: pipeline.programs)
        } else {
            completion.posting.alreadyPosted = 1
        }
        let posted = bill.posted, response = completion.posting, status = completion.agreementStatus
        let actor = pipeline.actor, method = pipeline.method
        try await pipeline.store.write { db in
            if !posted { try BillStore.markPosted([bill.id], response: response, actor: actor, method: method, reason: "final bill posted to Collections", in: db) }
            try FinalBillStore.markCompleted(bill, agreementStatus: status, actor: actor, method: method, in: db)
        }
        return completion
    }

    /// Completes the final bills a cycle's run issued (and any an interrupted run left). A
    /// final bill Accounts refuses stays pending for the next run or `settle bill final`; its
    /// charge is still posted, marked final. Returns how many were completed.
    func completePending(cycle: UInt32, period: String) async throws -> UInt32 {
        let pending = try await pipeline.store.read { db in try FinalBillStore.pending(cycle: cycle, period: period, in: db) }
        var completed: UInt32 = 0
        for bill in pending {
            do {
                _ = try await complete(bill)
                completed += 1
            } catch let error as RPCError where error.code == .failedPrecondition || error.code == .invalidArgument {
                pipeline.logger.warning("final bill \(bill.id): Accounts did not record it (\(error.message)); it stays pending")
                if !bill.posted {
                    let response = try await BillPosting.post([bill], collections: pipeline.collections, programs: pipeline.programs)
                    let actor = pipeline.actor, method = pipeline.method
                    try await pipeline.store.write { db in try BillStore.markPosted([bill.id], response: response, actor: actor, method: method, reason: "final bill posted to Collections", in: db) }
                }
            }
        }
        return completed
    }
}
