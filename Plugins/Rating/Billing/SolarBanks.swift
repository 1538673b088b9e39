import SettleContracts
import SettleRPC
import SwiftProtobuf

/// Solar banks through the billing pipeline: what the programs stage hands the rater (the
/// bank a bill starts from) and what goes back to Programs (each bill's movement), once a
/// batch, before the batch is stored.
///
/// Recording before storing makes a failed store harmless: the re-run rates the agreement
/// again, Programs answers the bank before that bill's own movement (it is keyed by the
/// deterministic bill id) and keeps the first movement recorded.
enum SolarBanks {
    /// The rater's solar terms from Programs' answer for one agreement.
    static func terms(_ balance: Settle_Programs_V1_SolarBalance) -> Settle_Rating_V1_SolarTerms {
        var terms = Settle_Rating_V1_SolarTerms()
        terms.metering = balance.program.metering
        terms.trueUpMonth = balance.program.trueUpMonth
        terms.yearendSellRate = balance.program.yearendSellRate
        terms.rollover = balance.program.rollover
        terms.creditExpiryMonths = balance.program.creditExpiryMonths
        terms.enrolmentID = balance.enrolmentID
        terms.bankStartMwh = balance.bankMwh
        terms.carryoverStart = balance.carryover.map { lot in .with { $0.earned = lot.earned; $0.cents = lot.cents } }
        return terms
    }

    /// A solar bill's movement of its bank, for Programs; nil for a bill without a program.
    static func movement(_ bill: Settle_Rating_V1_Bill) -> Settle_Programs_V1_SolarBillMovement? {
        guard bill.input.hasSolar, bill.rated.hasSolar else { return nil }
        let statement = bill.rated.solar
        var movement = Settle_Programs_V1_SolarBillMovement()
        movement.billID = bill.id
        movement.agreementID = bill.agreementID
        movement.enrolmentID = bill.input.solar.enrolmentID
        movement.periodStart = bill.input.periodStart
        movement.periodEnd = bill.input.periodEnd
        movement.bankStartMwh = statement.banks.map(\.startMwh)
        movement.bankAddedMwh = statement.banks.map(\.addedMwh)
        movement.bankAppliedMwh = statement.banks.map(\.appliedMwh)
        movement.bankPaidOutMwh = statement.banks.map(\.paidOutMwh)
        movement.bankEndMwh = statement.banks.map(\.endMwh)
        movement.carryoverStart = bill.input.solar.carryoverStart.map { lot in .with { $0.earned = lot.earned; $0.cents = lot.cents } }
        movement.carryoverEnd = statement.carryoverEnd.map { lot in .with { $0.earned = lot.earned; $0.cents = lot.cents } }
        movement.carryoverAddedCents = statement.carryoverAddedCents
        movement.carryoverAppliedCents = statement.carryoverAppliedCents
        movement.carryoverExpiredCents = statement.carryoverExpiredCents
        movement.trueUpCreditCents = statement.trueUpCreditCents
        return movement
    }

    /// Records the movements of a batch's solar bills in one call (nothing when it has none).
    static func record(_ bills: [Settle_Rating_V1_Bill], programs: ProgramsV1.Client, reason: String) async throws {
        let movements = bills.compactMap(movement)
        guard !movements.isEmpty else { return }
        var request = Settle_Programs_V1_RecordSolarBillsRequest()
        request.idempotencyKey = "rating-solar-" + BillIdentity.postingKey(movements.map(\.billID)).dropFirst("rating-post-".count)
        request.bills = movements
        _ = try await programs.recordSolarBills(request)
    }

    /// Gives back what a cancelled bill consumed.
    static func cancel(_ billID: String, programs: ProgramsV1.Client, reason: String) async throws {
        var request = Settle_Programs_V1_CancelSolarBillsRequest()
        request.idempotencyKey = "rating-solar-cancel-\(billID)"
        request.billIds = [billID]
        request.reason = reason
        _ = try await programs.cancelSolarBills(request)
    }
}
