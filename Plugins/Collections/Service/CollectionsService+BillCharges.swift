import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The methods Rating calls: posting issued bills' charges and reversing a cancelled bill.
extension CollectionsService {
    func postBillCharges(
        _ request: Settle_Collections_V1_PostBillChargesRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_PostBillChargesResponse {
        let charges = try request.charges.enumerated().map { index, charge in
            try Self.validate(charge, field: "charges[\(index)]")
        }
        // Final bills: the deposit is applied in the same transaction as the charge.
        var finals: [(account: String, billID: String, billDay: Int)] = []
        for (charge, entry) in zip(request.charges, charges) where charge.finalBill {
            if !finals.contains(where: { $0.account == entry.accountNumber && $0.billID == entry.billID }) {
                finals.append((entry.accountNumber, entry.billID, entry.entryDay))
            }
        }
        let toSettle = finals
        var response = try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            var response = Settle_Collections_V1_PostBillChargesResponse()
            var bills: [String] = []
            for charge in charges {
                guard try LedgerStore.insertCharge(charge, in: db) else {
                    response.alreadyPosted += 1
                    continue
                }
                response.posted += 1
                response.postedCents += charge.amount
                if bills.last != charge.billID { bills.append(charge.billID) }
            }
            response.finalBills = try FinalBillSettlement.settle(toSettle, in: db)
            for settlement in response.finalBills {
                try audit.record(entity: "final-bill/\(settlement.billID)", after: AuditJSON.object([
                    "account": settlement.accountNumber, "deposit_applied_cents": settlement.depositAppliedCents,
                    "interest_cents": settlement.interestCents, "balance_cents": settlement.balanceCents]))
            }
            try audit.record(
                entity: "bill-charges/\(request.idempotencyKey)",
                after: AuditJSON.object([
                    "posted": response.posted, "already_posted": response.alreadyPosted,
                    "posted_cents": response.postedCents, "bills": Array(bills.prefix(100)), "bill_count": bills.count,
                ]))
            return response
        }
        // Then each final-billed account is closed in Accounts if nothing is owed (outside the
        // transaction: a retry under the same key closes it if the first try could not).
        for account in Set(toSettle.map(\.account)).sorted() {
            let (status, detail) = await closeIfSettled(account, context: context)
            for index in response.finalBills.indices where response.finalBills[index].accountNumber == account {
                response.finalBills[index].accountStatus = status
                response.finalBills[index].detail = detail
            }
        }
        return response
    }

    func reverseBillCharges(
        _ request: Settle_Collections_V1_ReverseBillChargesRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_ReverseBillChargesResponse {
        guard !request.billID.isEmpty else { throw CollectionsError.required("bill_id") }
        let day = try date(request.entryDate, field: "entry_date").dayNumber
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let rows = try LedgerStore.charges(ofBill: request.billID, in: db)
            guard !rows.isEmpty else { throw CollectionsError.notFound("no charges posted for bill '\(request.billID)'") }
            var response = Settle_Collections_V1_ReverseBillChargesResponse()
            for row in rows where (row["reversal_id"] as Int64?) == nil {
                let entryDay: Int = row["entry_day"]
                guard day >= entryDay else {
                    throw CollectionsError.invalid(
                        "entry_date", "\(LocalDate(dayNumber: day)) is before the charge's bill date \(LocalDate(dayNumber: entryDay))")
                }
                let amount: Int64 = row["amount_cents"]
                try LedgerStore.insert(NewEntry(
                    accountNumber: row["account_number"], kind: .reversal, amount: -amount, entryDay: day, dueDay: row["due_day"],
                    billID: request.billID, agreementID: row["agreement_id"], serviceType: row["service_type"],
                    rateClass: row["rate_class"], period: row["period"], taxCents: -(row["tax_cents"] as Int64),
                    reversesID: row["id"], memo: "bill \(request.billID) cancelled"), in: db)
                response.entriesReversed += 1
                response.reversedCents += amount
            }
            response.alreadyReversed = response.entriesReversed == 0
            try audit.record(
                entity: "bill/\(request.billID)",
                after: AuditJSON.object([
                    "reversed_cents": response.reversedCents, "entries_reversed": response.entriesReversed,
                    "already_reversed": response.alreadyReversed,
                ]))
            return response
        }
    }

    /// Checks one charge's fields and turns it into a ledger entry.
    static func validate(_ charge: Settle_Collections_V1_BillCharge, field: String) throws -> NewEntry {
        guard !charge.billID.isEmpty else { throw CollectionsError.required("\(field).bill_id") }
        guard !charge.accountNumber.isEmpty else { throw CollectionsError.required("\(field).account_number") }
        guard charge.agreementID > 0 else { throw CollectionsError.required("\(field).agreement_id") }
        let billDate = try LocalDate.parse(charge.billDate, field: "\(field).bill_date")
        let dueDate = try LocalDate.parse(charge.dueDate, field: "\(field).due_date")
        guard dueDate >= billDate else {
            throw CollectionsError.invalid("\(field).due_date", "\(dueDate) is before the bill date \(billDate)")
        }
        try CollectionsError.cents(charge.amountCents, field: "\(field).amount_cents", .any)
        try CollectionsError.cents(charge.taxCents, field: "\(field).tax_cents", .any)
        if charge.hasInstallmentDueCents {
            try CollectionsError.cents(charge.installmentDueCents, field: "\(field).installment_due_cents", .any)
        }
        // The service period is optional (older postings did not send it); when sent it must be
        // whole: the bankruptcy split by days at the petition date rests on it.
        var service: (start: Int, end: Int)?
        if !charge.serviceStartDate.isEmpty || !charge.serviceEndDate.isEmpty {
            let start = try LocalDate.parse(charge.serviceStartDate, field: "\(field).service_start_date")
            let end = try LocalDate.parse(charge.serviceEndDate, field: "\(field).service_end_date")
            guard end >= start else {
                throw CollectionsError.invalid("\(field).service_end_date", "\(end) is before service_start_date \(start)")
            }
            service = (start.dayNumber, end.dayNumber)
        }
        return NewEntry(
            accountNumber: charge.accountNumber, kind: .charge, amount: charge.amountCents, entryDay: billDate.dayNumber,
            dueDay: dueDate.dayNumber, billID: charge.billID, agreementID: Int64(clamping: charge.agreementID),
            serviceType: charge.serviceType, rateClass: charge.rateClass, period: charge.period, taxCents: charge.taxCents,
            serviceStartDay: service?.start, serviceEndDay: service?.end,
            installmentDue: charge.hasInstallmentDueCents ? charge.installmentDueCents : nil)
    }
}
