import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Payments: one at a time, a file batch at a time, and returned (NSF) payments.
extension CollectionsService {
    func postPayment(_ request: Settle_Collections_V1_PostPaymentRequest, context: ServerContext) async throws -> Settle_Collections_V1_PostPaymentResponse {
        guard !request.idempotencyKey.isEmpty else { throw CollectionsError.required("idempotency_key") }
        guard !request.accountNumber.isEmpty else { throw CollectionsError.required("account_number") }
        try CollectionsError.cents(request.amountCents, field: "amount_cents")
        guard !request.reference.isEmpty else { throw CollectionsError.required("reference") }
        let day = try date(request.paymentDate, field: "payment_date").dayNumber
        try await requireAccount(request.accountNumber)
        let response = try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            if let existing = try LedgerStore.paymentID(reference: request.reference, in: db) {
                throw CollectionsError.alreadyExists("reference: '\(request.reference)' was already posted as ledger entry \(existing)")
            }
            let before = try LedgerStore.position(account: request.accountNumber, on: nil, in: db)
            let id = try LedgerStore.insert(NewEntry(
                accountNumber: request.accountNumber, kind: .payment, amount: -request.amountCents, entryDay: day, dueDay: day,
                reference: request.reference, memo: request.channel), in: db)
            let after = try LedgerStore.position(account: request.accountNumber, on: nil, in: db)
            var response = Settle_Collections_V1_PostPaymentResponse()
            response.entry = try LedgerStore.entry(id: id, in: db) ?? .init()
            response.applied = Self.applications(before: before, after: after)
            response.creditCents = after.credit
            response.balanceCents = after.balance
            try audit.record(entity: "ledger-entry/\(id)", after: AuditJSON.object([
                "account": request.accountNumber, "kind": "payment", "amount_cents": -request.amountCents,
                "reference": request.reference, "payment_date": LocalDate(dayNumber: day).description,
            ]))
            return response
        }
        // A final-billed account closes when a payment brings its balance to zero.
        if response.balanceCents <= 0 { _ = await closeIfSettled(request.accountNumber, context: context) }
        return response
    }

    /// What a payment paid: each open item's decrease from `before` to `after`, oldest first.
    static func applications(before: AccountPosition, after: AccountPosition) -> [Settle_Collections_V1_PaymentApplication] {
        let remaining = Dictionary(after.openItems.map { ($0.entryID, $0.open) }, uniquingKeysWith: +)
        return before.openItems.compactMap { item in
            let applied = item.open - (remaining[item.entryID] ?? 0)
            guard applied > 0 else { return nil }
            var application = Settle_Collections_V1_PaymentApplication()
            application.entryID = UInt64(clamping: item.entryID)
            application.billID = item.billID
            application.appliedCents = applied
            return application
        }
    }

    func importPayments(_ request: Settle_Collections_V1_ImportPaymentsRequest, context: ServerContext) async throws -> Settle_Collections_V1_ImportPaymentsResponse {
        guard !request.idempotencyKey.isEmpty else { throw CollectionsError.required("idempotency_key") }
        let parsed = try await offTheEventLoop { PaymentBatch.parse(request.csv, firstLine: max(1, request.firstLine)) }
        // Accounts the ledger does not know yet are asked of Accounts together, before the
        // transaction (one call per 5,000 of them); the ledger's own accounts need no call.
        let unknownToLedger = try await store.read { db in try PaymentBatch.accountsNotInLedger(parsed.rows, in: db) }
        let known = unknownToLedger.isEmpty ? [] : try await accounts.existingAccounts(unknownToLedger)
        let result = try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            var response = try PaymentBatch.post(
                parsed, notInLedger: unknownToLedger, confirmedAccounts: known, channel: request.channel, in: db)
            response.rows = parsed.lineCount
            response.idempotencyKey = request.idempotencyKey
            try audit.record(entity: "payment-import/\(request.fileName.isEmpty ? request.idempotencyKey : request.fileName)", after: AuditJSON.object([
                "first_line": max(1, request.firstLine), "rows": response.rows, "posted": response.posted,
                "already_posted": response.alreadyPosted, "posted_cents": response.postedCents, "rejected": response.rejected.count,
                "idempotency_key": request.idempotencyKey,
            ]))
            return response
        }
        return result.replayed ? PaymentBatch.replayed(result.response) : result.response
    }

    func returnPayment(_ request: Settle_Collections_V1_ReturnPaymentRequest, context: ServerContext) async throws -> Settle_Collections_V1_ReturnPaymentResponse {
        guard !request.reference.isEmpty || request.entryID > 0 else { throw CollectionsError.required("reference or entry_id") }
        let day = try date(request.returnDate, field: "return_date").dayNumber
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let found = request.entryID > 0
                ? try LedgerStore.payment(id: Int64(clamping: request.entryID), in: db)
                : try LedgerStore.payment(reference: request.reference, in: db)
            guard let payment = found else {
                throw CollectionsError.notFound(request.entryID > 0 ? "no payment with entry id \(request.entryID)" : "no payment with reference '\(request.reference)'")
            }
            let paymentID: Int64 = payment["id"]
            let account: String = payment["account_number"]
            let reference: String = payment["reference"]
            var response = Settle_Collections_V1_ReturnPaymentResponse()
            if let reversal = try LedgerStore.reversalID(of: paymentID, in: db) {
                response.alreadyReturned = true
                response.reversal = try LedgerStore.entry(id: reversal, in: db) ?? .init()
                if let fee = try LedgerStore.nsfFeeID(reference: reference, in: db) {
                    response.fee = try LedgerStore.entry(id: fee, in: db) ?? .init()
                }
            } else {
                let memo = "returned payment: \(request.reason.isEmpty ? "NSF" : request.reason)"
                let reversal = try Self.reversal(of: paymentID, on: day, memo: memo, in: db)
                response.reversal = try LedgerStore.entry(id: reversal, in: db) ?? .init()
                let fee = try PolicyStore.load(in: db).nsfFeeCents
                if fee > 0 {
                    let feeID = try LedgerStore.insert(NewEntry(
                        accountNumber: account, kind: .nsfFee, amount: fee, entryDay: day, dueDay: day, reference: reference,
                        memo: "returned payment fee"), in: db)
                    response.fee = try LedgerStore.entry(id: feeID, in: db) ?? .init()
                }
                try audit.record(entity: "ledger-entry/\(paymentID)", after: AuditJSON.object([
                    "returned": true, "reversal_id": reversal, "fee_cents": response.fee.amountCents, "reason": request.reason,
                ]))
            }
            response.balanceCents = try LedgerStore.position(account: account, on: nil, in: db).balance
            return response
        }
    }
}
