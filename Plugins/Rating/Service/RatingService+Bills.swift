import Foundation
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Bills after a run: show, list, release held ones, cancel and rebill, the register.
extension RatingService {
    func getBill(_ request: Settle_Rating_V1_GetBillRequest, context: ServerContext) async throws -> Settle_Rating_V1_Bill {
        try await store.read { db in try BillStore.bill(request.billID, in: db) }
    }

    func listBills(_ request: Settle_Rating_V1_ListBillsRequest, context: ServerContext) async throws -> Settle_Rating_V1_ListBillsResponse {
        if !request.agreementIds.isEmpty { return try await agreementBills(request) }
        _ = try RatingError.period(request.period)
        if request.headerOnly { return try await billHeaders(request) }
        return try await store.read { db in
            var response = Settle_Rating_V1_ListBillsResponse()
            response.bills = try BillStore.bills(cycle: request.cycle, period: request.period, status: request.status, in: db)
            return response
        }
    }

    /// A cycle's bills of a period without decoding the issued ones' bodies: what a whole
    /// month's register reads (`header_only`).
    private func billHeaders(_ request: Settle_Rating_V1_ListBillsRequest) async throws -> Settle_Rating_V1_ListBillsResponse {
        try await store.read { db in
            var response = Settle_Rating_V1_ListBillsResponse()
            response.bills = try BillStore.headers(cycle: request.cycle, period: request.period, status: request.status, withInput: request.withInput, in: db)
            return response
        }
    }

    /// The most agreements one `ListBills` by agreement may name.
    static let maximumBillAgreements = 1_000

    /// Every bill of some agreements (one account's), oldest period first, through
    /// `bill_by_agreement`.
    private func agreementBills(_ request: Settle_Rating_V1_ListBillsRequest) async throws -> Settle_Rating_V1_ListBillsResponse {
        guard request.agreementIds.count <= Self.maximumBillAgreements else {
            throw RatingError.invalid("agreement_ids", "\(request.agreementIds.count) agreements; at most \(Self.maximumBillAgreements) a call")
        }
        if !request.fromPeriod.isEmpty { _ = try RatingError.period(request.fromPeriod, field: "from_period") }
        if !request.linesFromPeriod.isEmpty { _ = try RatingError.period(request.linesFromPeriod, field: "lines_from_period") }
        let linesFrom = request.linesFromPeriod
        return try await store.read { db in
            var response = Settle_Rating_V1_ListBillsResponse()
            response.bills = try BillStore.bills(agreementIDs: request.agreementIds, fromPeriod: request.fromPeriod, status: request.status, in: db)
            if !linesFrom.isEmpty {
                for index in response.bills.indices where response.bills[index].period < linesFrom {
                    response.bills[index].rated.lines = []
                    response.bills[index].reads = []
                    response.bills[index].input.demandHistory = []
                    response.bills[index].input.touWh = []
                    response.bills[index].input.touMaxDemandW = []
                    response.bills[index].input.touReceivedWh = []
                    response.bills[index].input.programNotes = []
                }
            }
            return response
        }
    }

    func releaseBill(_ request: Settle_Rating_V1_BillActionRequest, context: ServerContext) async throws -> Settle_Rating_V1_Bill {
        let reason = try Self.requireReason(request.reason)
        if let blocker = try await releaseBlocker(request.billID) { throw RatingError.failedPrecondition("cannot release \(request.billID): \(blocker)") }
        var bill = try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            var bill = try BillStore.bill(request.billID, in: db)
            guard bill.status == "held" else { throw RatingError.failedPrecondition("bill \(bill.id) is \(bill.status); only a held bill can be released") }
            let before = try bill.jsonString()
            bill.status = "issued"
            try BillStore.update(bill, in: db)
            try audit.record(entity: "bill/\(bill.id)", before: before, after: try bill.jsonString(), reason: "released: \(reason)")
            return bill
        }.response
        if !bill.posted {
            let posted = try await BillPosting.post([bill], collections: collections, programs: programs)
            let id = bill.id, actor = context.peer.actor, method = context.method.fullName
            try await store.write { db in try BillStore.markPosted([id], response: posted, actor: actor, method: method, reason: "released: \(reason)", in: db) }
            bill.posted = true
        }
        return bill
    }

    func cancelBill(_ request: Settle_Rating_V1_BillActionRequest, context: ServerContext) async throws -> Settle_Rating_V1_CancelBillResponse {
        let reason = try Self.requireReason(request.reason)
        // A rebill rates what is true now: the period's determinants asked of Metering again
        // (reads corrected through VEE since) and the customer's exemptions asked of Accounts.
        let fresh: Settle_Rating_V1_RatingInput? = request.rebill ? try await refreshedInput(request.billID) : nil
        var response = try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            var bill = try BillStore.bill(request.billID, in: db)
            guard bill.status == "held" || bill.status == "issued" else {
                throw RatingError.failedPrecondition("bill \(bill.id) is \(bill.status); only a held or issued bill can be cancelled")
            }
            var response = Settle_Rating_V1_CancelBillResponse()
            let before = try bill.jsonString()
            if request.rebill {
                // The same determinants, rated under the versions in force now.
                let terms = try TariffStore.activeTerms(bill.tariffCode, in: db)
                var rebill = bill
                rebill.input = fresh ?? bill.input
                rebill.rated = try BillRater(code: bill.tariffCode, versions: terms, wholePeriod: false).rate(try RatingInput(rebill.input))
                if bill.hasBudget {
                    // The plan's figures of the bill replaced, on the actual charges rated now.
                    rebill.budget = BudgetOnBill.rerated(bill.budget, actualCents: rebill.rated.totalCents)
                    rebill.rated.notes += BudgetOnBill.notes(rebill.budget, programNote: "")
                }
                let count = try BillStore.rebillCount(agreementID: bill.agreementID, period: bill.period, in: db)
                rebill.id = "\(bill.id.split(separator: "-R").first ?? Substring(bill.id))-R\(count + 1)"
                rebill.replaces = bill.id
                rebill.status = "issued"
                rebill.holdReasons = []
                rebill.posted = false
                rebill.cancelReason = ""
                rebill.replacedBy = ""
                try BillStore.insert(rebill, in: db)
                try audit.record(entity: "bill/\(rebill.id)", after: try rebill.jsonString(), reason: "rebill of \(bill.id): \(reason)")
                bill.replacedBy = rebill.id
                response.rebill = rebill
            }
            bill.status = "cancelled"
            bill.cancelReason = reason
            try BillStore.update(bill, in: db)
            try audit.record(entity: "bill/\(bill.id)", before: before, after: try bill.jsonString(), reason: "cancelled: \(reason)")
            response.cancelled = bill
            return response
        }.response
        // Programs: the cancelled bill gives back its bank; the rebill takes its own from there.
        if response.cancelled.input.hasSolar {
            try await SolarBanks.cancel(response.cancelled.id, programs: programs, reason: "cancelled \(response.cancelled.id): \(reason)")
            if response.hasRebill { try await SolarBanks.record([response.rebill], programs: programs, reason: "rebill of \(response.cancelled.id): \(reason)") }
        }
        // Collections: reverse what the cancelled bill posted, post the rebill.
        if response.cancelled.posted {
            var reverse = Settle_Collections_V1_ReverseBillChargesRequest()
            reverse.idempotencyKey = "rating-reverse-\(response.cancelled.id)"
            reverse.billID = response.cancelled.id
            response.reversedCents = try await collections.reverseBillCharges(reverse).reversedCents
            // The plan forgets the cancelled bill before the rebill is applied to it.
            if response.cancelled.hasBudget { try await BudgetOnBill.tell(programs, posted: [], cancelled: [response.cancelled.id]) }
        }
        if response.hasRebill, !response.rebill.posted {
            let posted = try await BillPosting.post([response.rebill], collections: collections, programs: programs)
            let id = response.rebill.id, actor = context.peer.actor, method = context.method.fullName
            try await store.write { db in try BillStore.markPosted([id], response: posted, actor: actor, method: method, reason: "rebill: \(reason)", in: db) }
            response.rebill.posted = true
        }
        return response
    }

    /// The input of a bill's period as it stands now.
    private func refreshedInput(_ billID: String) async throws -> Settle_Rating_V1_RatingInput {
        let (bill, terms) = try await store.read { db in
            let bill = try BillStore.bill(billID, in: db)
            return (bill, try TariffStore.activeTerms(bill.tariffCode, in: db))
        }
        // A bill a program shaped (a totalized group, a wastewater average) is rated again on
        // its own determinants: one meter's fresh figures would drop the program's effects.
        guard bill.input.programNotes.isEmpty else { return bill.input }
        var request = Settle_Metering_V1_GetBillingDeterminantsRequest()
        request.items = [.init(periodOf: bill)]
        let years = (Int(bill.input.periodStart.prefix(4)) ?? 0)...(Int(bill.input.periodEnd.prefix(4)) ?? 0)
        let holidays = years.isEmpty || years.lowerBound == 0 ? [] : try await programs.holidays(years: years)
        if let last = terms.last, let schedules = BillingRunner.schedules(for: last, holidays: holidays) {
            request.tou = schedules.tou
            request.demandTou = schedules.demand
        }
        var found: Settle_Metering_V1_BillingDeterminants?
        for try await batch in try await metering.getBillingDeterminants(request) { found = found ?? batch.determinants.first }
        guard var determinants = found else { throw RatingError.failedPrecondition("Metering returned no determinants for bill \(bill.id)'s period") }
        guard determinants.problem.isEmpty else { throw RatingError.failedPrecondition("cannot rebill \(bill.id): \(determinants.problem)") }
        determinants.rateSchedule = bill.tariffCode
        let lookups = BillingRunner.BatchLookups(accounts: accounts, metering: metering)
        try await lookups.prefetch([(determinants, terms, bill.customerID)])
        var input = BillingRunner.input(determinants, terms: terms, customer: bill.customerID, history: bill.input.demandHistory, lookups: lookups)
        if input.meterSize.isEmpty { input.meterSize = bill.input.meterSize }
        // A solar rebill starts from the bank the cancelled bill started from.
        if bill.input.hasSolar { input.solar = bill.input.solar }
        return input
    }

    static func requireReason(_ reason: String) throws(RPCError) -> String {
        let trimmed = reason.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw RatingError.invalid("reason", "a reason is required for the audit trail") }
        return trimmed
    }

    func getBillRegister(_ request: Settle_Rating_V1_GetBillRegisterRequest, context: ServerContext) async throws -> Settle_Rating_V1_BillRegister {
        _ = try RatingError.period(request.period)
        return try await store.read { db in try BillRegisterBuilder.build(cycle: request.cycle, period: request.period, in: db) }
    }
}
