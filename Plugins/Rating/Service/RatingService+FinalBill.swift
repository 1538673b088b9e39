import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// `BillFinal`: the final bill of a moved-out agreement, on demand.
extension RatingService {
    func billFinal(_ request: Settle_Rating_V1_BillFinalRequest, context: ServerContext) async throws -> Settle_Rating_V1_BillFinalResponse {
        guard request.agreementID != 0 else { throw RatingError.invalid("agreement_id", "the agreement to bill is required") }
        guard !request.idempotencyKey.isEmpty || context.idempotencyKey != nil else {
            throw RatingError.invalid("idempotency_key", "a final bill changes data and needs an idempotency key")
        }
        let billDate = request.billDate.isEmpty ? LocalDate.today(in: timeZone) : try RatingError.date(request.billDate, field: "bill_date")
        guard request.dueDays <= 90 else { throw RatingError.invalid("due_days", "\(request.dueDays) is more than 90 days") }
        let runner = FinalBillRunner(billingRunner(context))

        // The agreement's final bill if it has one (an earlier call, or its cycle's run).
        var response: Settle_Rating_V1_BillFinalResponse
        if let existing = try await store.read({ db in try FinalBillStore.bill(agreement: request.agreementID, in: db) }) {
            response = Settle_Rating_V1_BillFinalResponse()
            response.bill = existing
            response.alreadyBilled = true
        } else {
            var lookup = Settle_Accounts_V1_GetServiceAgreementRequest()
            lookup.agreementID = request.agreementID
            let agreement = try await accounts.getServiceAgreement(lookup).agreement
            let rated = try await runner.rate(agreement, billDate: billDate, dueDays: Int(request.dueDays == 0 ? 21 : request.dueDays))
            // As a run records a batch's banks before storing it: a retry after a failed store
            // rates from the same bank (Programs leaves this bill's own movement out) and
            // Programs keeps the first movement recorded for the bill id.
            try await SolarBanks.record([rated], programs: programs, reason: "final bill of agreement \(rated.agreementID)")
            response = try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
                var result = Settle_Rating_V1_BillFinalResponse()
                // Re-checked in the transaction: two calls at once still bill once.
                if let existing = try FinalBillStore.bill(agreement: rated.agreementID, in: db) {
                    result.bill = existing
                    result.alreadyBilled = true
                    return result
                }
                if let clash = try? BillStore.bill(rated.id, in: db) {
                    throw RatingError.failedPrecondition("agreement \(rated.agreementID) already has bill \(clash.id) for \(rated.period); cancel and rebill it to make it final")
                }
                try BillStore.insert(rated, in: db)
                try FinalBillStore.record(rated, in: db)
                try audit.record(entity: "bill/\(rated.id)", after: try rated.jsonString(),
                                 reason: "final bill of agreement \(rated.agreementID): \(rated.input.periodStart) to the move-out read \(rated.input.periodEnd)")
                result.bill = rated
                return result
            }.response
        }
        // Finish what is left: Accounts records it, Collections gets the charge marked final.
        let completion = try await runner.complete(response.bill)
        response.agreementStatus = completion.agreementStatus
        response.posted = completion.posting.posted
        response.alreadyPosted = completion.posting.alreadyPosted
        response.bill.posted = true
        return response
    }
}
