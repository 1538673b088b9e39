import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// What the Refunds module posts and reads: an approved decision's entries, once per
/// reference, and the petition split of a bankruptcy case.
extension CollectionsService {
    func postRefundEntries(
        _ request: Settle_Collections_V1_PostRefundEntriesRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_PostRefundEntriesResponse {
        guard !request.accountNumber.isEmpty else { throw CollectionsError.required("account_number") }
        guard !request.reference.isEmpty else { throw CollectionsError.required("reference") }
        let amounts: [(String, Int64)] = [
            ("deposit_applied_cents", request.depositAppliedCents), ("deposit_interest_cents", request.depositInterestCents),
            ("credit_cents", request.creditCents), ("refund_cents", request.refundCents),
            ("adjustment_cents", request.adjustmentCents), ("write_off_cents", request.writeOffCents),
        ]
        for (field, cents) in amounts { try CollectionsError.cents(cents, field: field, .notNegative) }
        for (index, offset) in request.offsets.enumerated() {
            guard !offset.accountNumber.isEmpty else { throw CollectionsError.required("offsets[\(index)].account_number") }
            guard offset.accountNumber != request.accountNumber else {
                throw CollectionsError.invalid("offsets[\(index)].account_number", "is the refunded account itself")
            }
            try CollectionsError.cents(offset.amountCents, field: "offsets[\(index)].amount_cents")
        }
        guard amounts.contains(where: { $0.1 > 0 }) || !request.offsets.isEmpty else {
            throw CollectionsError.invalid("refund_cents", "nothing to post: every amount is 0")
        }
        // A write-off here is a bankruptcy discharge a second person approved in Refunds; it
        // still takes a supervisor, as a write-off above the two-person threshold would.
        if request.writeOffCents > 0, context.peer.role < .supervisor {
            throw CollectionsError.denied("write_off_cents: a discharge write-off is posted by a supervisor (caller has role \(context.peer.role))")
        }
        let day = try date(request.entryDate, field: "entry_date").dayNumber
        try await requireAccount(request.accountNumber)
        for offset in request.offsets { try await requireAccount(offset.accountNumber) }
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            if let earlier = try RefundPostingStore.posting(reference: request.reference, in: db) {
                var response = Settle_Collections_V1_PostRefundEntriesResponse()
                response.alreadyPosted = true
                response.mainEntryID = UInt64(clamping: earlier["main_entry_id"] as Int64)
                response.entries = try (earlier["entry_ids"] as String).split(separator: ",").compactMap { Int64($0) }
                    .compactMap { try LedgerStore.entry(id: $0, in: db) }
                response.balanceCents = try LedgerStore.balance(account: request.accountNumber, in: db)
                return response
            }
            let account = request.accountNumber
            let memo = request.memo.isEmpty ? "refund \(request.reference)" : request.memo
            var ids: [Int64] = []
            var main: Int64 = 0
            if request.depositAppliedCents > 0 {
                let held = min(try DepositRules.held(account: account, on: day, in: db).held, try DepositRules.held(account: account, on: nil, in: db).held)
                guard request.depositAppliedCents <= held else {
                    throw CollectionsError.failedPrecondition("deposit_applied_cents: \(Dollars.plain(request.depositAppliedCents)) is more than the deposit held (\(Dollars.plain(max(0, held))))")
                }
                ids.append(try LedgerStore.insert(NewEntry(
                    accountNumber: account, kind: .depositApplied, amount: -request.depositAppliedCents, entryDay: day, dueDay: day,
                    reference: request.reference, memo: memo, depositCents: -request.depositAppliedCents), in: db))
            }
            if request.depositInterestCents > 0 {
                ids.append(try LedgerStore.insert(NewEntry(
                    accountNumber: account, kind: .depositInterest, amount: -request.depositInterestCents, entryDay: day, dueDay: day,
                    reference: request.reference, memo: memo), in: db))
            }
            if request.creditCents > 0 {
                ids.append(try LedgerStore.insert(NewEntry(
                    accountNumber: account, kind: .credit, amount: -request.creditCents, entryDay: day, dueDay: day,
                    reference: request.reference, memo: memo), in: db))
            }
            for (index, offset) in request.offsets.enumerated() {
                // The refund's credit pays the other account: its debt falls, this credit shrinks.
                let owed = try LedgerStore.balance(account: offset.accountNumber, in: db)
                guard offset.amountCents <= owed else {
                    throw CollectionsError.failedPrecondition("offsets[\(index)].amount_cents: \(Dollars.plain(offset.amountCents)) is more than account \(offset.accountNumber) owes (\(Dollars.plain(owed)))")
                }
                let text = "refund \(request.reference) applied to \(offset.accountNumber)"
                ids.append(try LedgerStore.insert(NewEntry(
                    accountNumber: offset.accountNumber, kind: .transfer, amount: -offset.amountCents, entryDay: day, dueDay: day,
                    reference: account, memo: text), in: db))
                ids.append(try LedgerStore.insert(NewEntry(
                    accountNumber: account, kind: .transfer, amount: offset.amountCents, entryDay: day, dueDay: day,
                    reference: offset.accountNumber, memo: text), in: db))
            }
            if request.refundCents > 0 {
                main = try LedgerStore.insert(NewEntry(
                    accountNumber: account, kind: .refund, amount: request.refundCents, entryDay: day, dueDay: day,
                    reference: request.reference, memo: memo), in: db)
                ids.append(main)
            }
            if request.adjustmentCents > 0 {
                main = try LedgerStore.insert(NewEntry(
                    accountNumber: account, kind: .adjustment, amount: request.adjustmentCents, entryDay: day, dueDay: day,
                    reference: request.reference, memo: memo), in: db)
                ids.append(main)
            }
            if request.writeOffCents > 0 {
                main = try LedgerStore.insert(NewEntry(
                    accountNumber: account, kind: .writeOff, amount: -request.writeOffCents, entryDay: day, dueDay: day,
                    reference: request.reference, memo: memo), in: db)
                ids.append(main)
            }
            let balance = try LedgerStore.balance(account: account, in: db)
            if (request.refundCents > 0 || request.adjustmentCents > 0 || !request.offsets.isEmpty) && balance > 0 {
                let paid = request.refundCents + request.adjustmentCents + request.offsets.reduce(0) { $0 + $1.amountCents }
                throw CollectionsError.failedPrecondition(
                    "refund_cents: paying \(Dollars.plain(paid)) would leave account \(account) owing \(Dollars.plain(balance)); its credit is only \(Dollars.plain(paid - balance))")
            }
            try RefundPostingStore.insert(reference: request.reference, account: account, mainEntryID: main, entryIDs: ids, in: db)
            var response = Settle_Collections_V1_PostRefundEntriesResponse()
            response.entries = try ids.compactMap { try LedgerStore.entry(id: $0, in: db) }
            response.balanceCents = balance
            response.mainEntryID = UInt64(clamping: main)
            try audit.record(entity: "refund-posting/\(request.reference)", after: AuditJSON.object([
                "account": account, "entries": ids.map(String.init), "deposit_applied_cents": request.depositAppliedCents,
                "deposit_interest_cents": request.depositInterestCents, "credit_cents": request.creditCents,
                "offsets_cents": request.offsets.reduce(Int64(0)) { $0 + $1.amountCents }, "refund_cents": request.refundCents,
                "adjustment_cents": request.adjustmentCents, "write_off_cents": request.writeOffCents, "balance_cents": balance,
            ]))
            return response
        }
    }

    func getPetitionSplit(
        _ request: Settle_Collections_V1_GetPetitionSplitRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_GetPetitionSplitResponse {
        guard !request.accountNumbers.isEmpty else { throw CollectionsError.required("account_numbers") }
        guard request.accountNumbers.count <= 1_000 else { throw CollectionsError.invalid("account_numbers", "\(request.accountNumbers.count) accounts; at most 1,000 a call") }
        let petition = try LocalDate.parse(request.petitionDate, field: "petition_date").dayNumber
        let asOf = try date(request.asOf, field: "as_of").dayNumber
        let resolved = request.resolvedDate.isEmpty ? nil : try LocalDate.parse(request.resolvedDate, field: "resolved_date").dayNumber
        let stay = BankruptcyStay(caseNumber: "", petitionDay: petition, resolvedDay: resolved)
        let accounts = request.accountNumbers
        return try await store.read { db in
            var response = Settle_Collections_V1_GetPetitionSplitResponse()
            for account in accounts {
                let lines = try LedgerStore.lines(account: account, through: asOf, in: db)
                let byID = Dictionary(lines.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
                let position = OpenItemAllocator.position(of: lines, stay: stay)
                response.creditCents += position.credit
                for open in position.openItems {
                    var item = Settle_Collections_V1_PetitionSplitItem()
                    item.accountNumber = account
                    item.entryID = UInt64(clamping: open.entryID)
                    item.kind = open.kind
                    item.billID = open.billID
                    item.dueDate = open.isUnbilled ? "" : LocalDate(dayNumber: open.dueDay).description
                    item.originalCents = open.original
                    item.openCents = open.open
                    item.prePetition = open.prePetition
                    if let line = byID[open.entryID] {
                        item.prePetitionCents = stay.prePetitionPart(of: line)
                        item.serviceStartDate = line.serviceStartDay.map { LocalDate(dayNumber: $0).description } ?? ""
                        item.serviceEndDate = line.serviceEndDay.map { LocalDate(dayNumber: $0).description } ?? ""
                    }
                    if open.prePetition { response.prePetitionOpenCents += open.open } else { response.postPetitionOpenCents += open.open }
                    response.items.append(item)
                }
            }
            return response
        }
    }
}

/// Bulk reads for the Refunds module: a run of refunds or a batch reads many accounts in one call.
extension CollectionsService {
    static let bulkReadLimit = 10_000

    func getDepositStatuses(
        _ request: Settle_Collections_V1_GetDepositStatusesRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_GetDepositStatusesResponse {
        guard request.accountNumbers.count <= Self.bulkReadLimit else {
            throw CollectionsError.invalid("account_numbers", "\(request.accountNumbers.count) accounts; at most \(Self.bulkReadLimit) a call")
        }
        if let index = request.accountNumbers.firstIndex(where: \.isEmpty) { throw CollectionsError.required("account_numbers[\(index)]") }
        let day = try date(request.asOf, field: "as_of").dayNumber
        let accounts = request.accountNumbers
        return try await store.read { db in
            let policy = try PolicyStore.load(in: db)
            var response = Settle_Collections_V1_GetDepositStatusesResponse()
            response.statuses = try accounts.map { try DepositRules.status(account: $0, on: day, policy: policy, in: db) }
            return response
        }
    }

    func getBalances(_ request: Settle_Collections_V1_GetBalancesRequest, context: ServerContext) async throws -> Settle_Collections_V1_GetBalancesResponse {
        guard request.accountNumbers.count <= Self.bulkReadLimit else {
            throw CollectionsError.invalid("account_numbers", "\(request.accountNumbers.count) accounts; at most \(Self.bulkReadLimit) a call")
        }
        let accounts = request.accountNumbers
        let asOf = request.asOf.isEmpty ? nil : try LocalDate.parse(request.asOf, field: "as_of").dayNumber
        return try await store.read { db in
            var response = Settle_Collections_V1_GetBalancesResponse()
            var positions: [String: AccountPosition] = [:]
            // With a date, one scan of the accounts' entries gives each position (Programs asks
            // this once per billing batch for its budget accounts' missed installments).
            if let asOf {
                try LedgerScan.positions(through: asOf, accounts: accounts, in: db) { account, _, position in positions[account] = position }
            }
            response.balances = try accounts.map { account in
                var balance = Settle_Collections_V1_AccountBalance()
                balance.accountNumber = account
                balance.balanceCents = try LedgerStore.balance(account: account, in: db)
                if let asOf, let position = positions[account] {
                    balance.pastDueCents = position.pastDue(on: asOf)
                    balance.pastDueCharges = UInt32(position.openItems.filter { $0.kind == EntryKind.charge.rawValue && $0.dueDay < asOf }.count)
                    balance.deferredCents = position.deferred
                }
                return balance
            }
            return response
        }
    }
}
