import Foundation
import GRDB
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
    let store: ModuleStore
    let metering: MeteringV1.Client
    let accounts: AccountsV1.Client
    let collections: CollectionsV1.Client
    /// The utility's holiday calendar, for a time-of-use final bill.
    let programs: ProgramsV1.Client
    let timeZone: TimeZone
    let logger: Logger
    let actor: String
    let method: String

    /// What completing a final bill did.
    struct Completion: Sendable {
        var agreementStatus = ""
        var posting = Settle_Collections_V1_PostBillChargesResponse()
    }

    /// Rates the off-cycle final bill of a moved-out agreement (nothing is stored yet).
    func rate(_ agreement: Settle_Accounts_V1_ServiceAgreement, billDate: LocalDate, dueDays: Int) async throws -> Settle_Rating_V1_Bill {
        guard agreement.status == "pending_final", let moveOut = LocalDate(agreement.endDate) else {
            throw RatingError.failedPrecondition(agreement.status == "final"
                ? "agreement \(agreement.id) is final already (final bill recorded on \(agreement.finalBilledDate)) and has no final bill in Rating to finish"
                : "agreement \(agreement.id) is \(agreement.status); only a moved-out (pending_final) agreement takes a final bill (settle account move-out first)")
        }
        let last = try await store.read { db in try FinalBillStore.lastBill(agreement: agreement.id, in: db) }
        let start = last.flatMap { LocalDate($0.input.periodEnd) } ?? LocalDate(agreement.startDate) ?? moveOut
        // After a rate change (a TOU enrolment) the period bills on the schedule of its first day.
        let schedule = agreement.rateSchedule(forPeriodStarting: start.description)
        let terms = try await store.read { db in try TariffStore.activeTerms(schedule, in: db) }
        guard start < moveOut else {
            throw RatingError.failedPrecondition("agreement \(agreement.id)'s last bill \(last?.id ?? "") already runs to \(start), on or after the move-out \(moveOut): rebill it (settle bill cancel \(last?.id ?? "") --rebill) to make it final")
        }
        let period = FinalBill.period(lastBill: last, moveOut: moveOut)

        var item = Settle_Metering_V1_DeterminantsItem()
        item.agreementID = agreement.id
        item.premiseID = agreement.premiseID
        item.serviceType = agreement.serviceType
        item.fromDate = start.description
        item.toDate = moveOut.description
        var request = Settle_Metering_V1_GetBillingDeterminantsRequest()
        request.items = [item]
        let holidays = try await programs.holidays(years: start.components.year...moveOut.components.year)
        if let version = terms.last, let schedules = BillingRunner.schedules(for: version, holidays: holidays) {
            request.tou = schedules.tou
            request.demandTou = schedules.demand
        }
        var found: Settle_Metering_V1_BillingDeterminants?
        for try await batch in try await metering.getBillingDeterminants(request) { found = found ?? batch.determinants.first }
        guard var determinants = found else { throw RatingError.failedPrecondition("Metering returned no determinants for agreement \(agreement.id) from \(start) to \(moveOut)") }
        guard determinants.problem.isEmpty else {
            throw RatingError.failedPrecondition("cannot issue agreement \(agreement.id)'s final bill from \(start) to the move-out \(moveOut): \(determinants.problem)")
        }
        determinants.rateSchedule = schedule
        determinants.accountNumber = agreement.accountNumber
        determinants.rateClass = agreement.rateClass
        let lookups = BillingRunner.BatchLookups(accounts: accounts, metering: metering)
        try await lookups.prefetch([(determinants, terms, agreement.customerID)])
        let input = BillingRunner.input(determinants, terms: terms, customer: agreement.customerID, history: last?.input.demandHistory ?? [], lookups: lookups)
        let rated: Settle_Rating_V1_RatedBill
        do {
            rated = try BillRater(code: schedule, versions: terms, wholePeriod: false).rate(try RatingInput(input))
        } catch {
            throw RatingError.failedPrecondition("cannot rate agreement \(agreement.id)'s final bill on \(schedule): \(error.message)")
        }
        var bill = Settle_Rating_V1_Bill()
        bill.id = BillIdentity.id(period: period.description, cycle: agreement.billCycle, agreement: agreement.id)
        bill.runID = "final"
        bill.cycle = agreement.billCycle
        bill.period = period.description
        bill.agreementID = agreement.id
        bill.accountNumber = agreement.accountNumber
        bill.customerID = agreement.customerID
        bill.premiseID = agreement.premiseID
        bill.serviceType = agreement.serviceType
        bill.rateClass = agreement.rateClass
        bill.tariffCode = schedule
        bill.billDate = billDate.description
        bill.dueDate = billDate.adding(days: dueDays).description
        bill.input = input
        bill.rated = rated
        bill.estimated = determinants.estimated
        bill.reads = determinants.segments.map(BillingRunner.read)
        bill.status = "issued"
        bill.finalBill = true
        return bill
    }

    /// Tells Accounts (first, as Collections asks) and posts the charge marked final; marks
    /// the bill posted and the final bill completed. Safe to repeat.
    func complete(_ bill: Settle_Rating_V1_Bill) async throws -> Completion {
        var completion = Completion()
        var lookup = Settle_Accounts_V1_GetServiceAgreementRequest()
        lookup.agreementID = bill.agreementID
        let agreement = try await accounts.getServiceAgreement(lookup).agreement
        completion.agreementStatus = agreement.status
        if agreement.status == "pending_final" {
            var request = Settle_Accounts_V1_CompleteFinalBillRequest()
            request.idempotencyKey = "rating-final-\(bill.agreementID)"
            request.agreementID = bill.agreementID
            request.billedDate = max(bill.billDate, agreement.endDate)
            completion.agreementStatus = try await accounts.completeFinalBill(request).agreement.status
        }
        if !bill.posted {
            completion.posting = try await BillPosting.post([bill], collections: collections, programs: programs)
        } else {
            completion.posting.alreadyPosted = 1
        }
        let posted = bill.posted, response = completion.posting, status = completion.agreementStatus
        let actor = actor, method = method
        try await store.write { db in
            if !posted { try BillStore.markPosted([bill.id], response: response, actor: actor, method: method, reason: "final bill posted to Collections", in: db) }
            try FinalBillStore.markCompleted(bill, agreementStatus: status, actor: actor, method: method, in: db)
        }
        return completion
    }

    /// Completes the final bills a cycle's run issued (and any an interrupted run left). A
    /// final bill Accounts refuses stays pending for the next run or `settle bill final`; its
    /// charge is still posted, marked final. Returns how many were completed.
    func completePending(cycle: UInt32, period: String) async throws -> UInt32 {
        let pending = try await store.read { db in try FinalBillStore.pending(cycle: cycle, period: period, in: db) }
        var completed: UInt32 = 0
        for bill in pending {
            do {
                _ = try await complete(bill)
                completed += 1
            } catch let error as RPCError where error.code == .failedPrecondition || error.code == .invalidArgument {
                logger.warning("final bill \(bill.id): Accounts did not record it (\(error.message)); it stays pending")
                if !bill.posted {
                    let response = try await BillPosting.post([bill], collections: collections, programs: programs)
                    let actor = actor, method = method
                    try await store.write { db in try BillStore.markPosted([bill.id], response: response, actor: actor, method: method, reason: "final bill posted to Collections", in: db) }
                }
            }
        }
        return completed
    }
}
