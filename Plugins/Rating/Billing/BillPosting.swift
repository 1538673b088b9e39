import SettleContracts

/// Issued bills as Collections charges: one charge per bill, keyed by bill id.
enum BillPosting {
    static func charge(_ bill: Settle_Rating_V1_Bill) -> Settle_Collections_V1_BillCharge {
        var charge = Settle_Collections_V1_BillCharge()
        charge.billID = bill.id
        charge.accountNumber = bill.accountNumber
        charge.agreementID = bill.agreementID
        charge.serviceType = bill.serviceType
        charge.rateClass = bill.rateClass
        charge.period = bill.period
        charge.billDate = bill.billDate
        charge.dueDate = bill.dueDate
        charge.amountCents = bill.rated.totalCents
        charge.taxCents = bill.rated.taxCents
        charge.serviceStartDate = bill.input.periodStart
        charge.serviceEndDate = bill.input.periodEnd
        charge.finalBill = bill.finalBill
        if bill.hasBudget { charge.installmentDueCents = bill.budget.dueCents }
        return charge
    }

    /// Posts the bills' charges under `key` (by default the key naming exactly these bills),
    /// and records the budget bills to their plans in Programs at the same time (keyed by
    /// bill id, so a retried posting records nothing twice). The two do not wait for each
    /// other: the bills are stored already, so whichever of the two an interruption stops is
    /// done by the retry, and the other answers that it was done.
    static func post(
        _ bills: [Settle_Rating_V1_Bill], key: String? = nil, collections: CollectionsV1.Client, programs: ProgramsV1.Client? = nil
    ) async throws -> Settle_Collections_V1_PostBillChargesResponse {
        var request = Settle_Collections_V1_PostBillChargesRequest()
        request.idempotencyKey = key ?? BillIdentity.postingKey(bills.map(\.id))
        request.charges = bills.map(charge)
        async let recorded: Void = recordBudgetBills(bills, programs: programs)
        let response = try await collections.postBillCharges(request)
        try await recorded
        return response
    }

    private static func recordBudgetBills(_ bills: [Settle_Rating_V1_Bill], programs: ProgramsV1.Client?) async throws {
        if let programs { try await BudgetOnBill.tell(programs, posted: bills) }
    }
}
