import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Entries that are not bills or payments, reversals, transfers, and reading the ledger.
extension CollectionsService {
    func postEntry(_ request: Settle_Collections_V1_PostEntryRequest, context: ServerContext) async throws -> Settle_Collections_V1_PostEntryResponse {
        guard !request.accountNumber.isEmpty else { throw CollectionsError.required("account_number") }
        guard let kind = EntryKind(rawValue: request.kind), let effect = EntryKind.postable[kind] else {
            throw CollectionsError.invalid("kind", "'\(request.kind)' is not one of \(EntryKind.postableSpelled)")
        }
        try CollectionsError.cents(request.amountCents, field: "amount_cents", kind == .adjustment ? .nonZero : .positive)
        let day = try date(request.entryDate, field: "entry_date")
        let movesDeposit = effect.deposit != 0
        if movesDeposit, !request.dueDate.isEmpty {
            throw CollectionsError.invalid("due_date", "a \(kind.rawValue) entry is not an amount owed and has no due date")
        }
        let due = try LocalDate.parse(request.dueDate, field: "due_date", default: day)
        guard due >= day else { throw CollectionsError.invalid("due_date", "\(due) is before the entry date \(day)") }
        try await requireAccount(request.accountNumber)
        let maker = context.peer.actor
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            if let held = try Self.holdForSecondPerson(request, kind: kind, day: day, due: due, maker: maker, audit: audit, in: db) {
                return held
            }
            var before: DepositRules.Held?
            if movesDeposit {
                // Taking out more than is held would leave a negative deposit: on the entry date,
                // or later (a back-dated entry must not undo a later application or refund).
                let onDay = try DepositRules.held(account: request.accountNumber, on: day.dayNumber, in: db)
                let latest = try DepositRules.held(account: request.accountNumber, on: nil, in: db)
                let (when, limit) = onDay.held <= latest.held ? ("on \(day)", onDay) : ("after later deposit entries", latest)
                guard request.amountCents <= limit.held else {
                    throw CollectionsError.failedPrecondition(
                        "amount_cents: \(Dollars.plain(request.amountCents)) is more than the deposit held \(when): \(Dollars.plain(max(0, limit.held))) "
                            + "(billed \(Dollars.plain(limit.billed)), paid \(Dollars.plain(limit.paid)), applied \(Dollars.plain(limit.applied)), refunded \(Dollars.plain(limit.refunded)))")
                }
                before = onDay
            }
            let id = try LedgerStore.insert(NewEntry(
                accountNumber: request.accountNumber, kind: kind, amount: effect.balance * request.amountCents, entryDay: day.dayNumber,
                dueDay: due.dayNumber, memo: request.memo, depositCents: effect.deposit * request.amountCents), in: db)
            var response = try Self.entryResponse(id: id, account: request.accountNumber, audit: nil, in: db)
            if let before {
                let after = try DepositRules.held(account: request.accountNumber, on: day.dayNumber, in: db)
                response.depositHeldCents = after.held
                try Self.auditEntry(response.entry, balance: response.balanceCents, audit: audit,
                                    before: AuditJSON.object(["deposit_held_cents": before.held]),
                                    extra: ["deposit_held_cents": after.held])
            } else {
                try Self.auditEntry(response.entry, balance: response.balanceCents, audit: audit)
            }
            return response
        }
    }

    func reverseEntry(_ request: Settle_Collections_V1_ReverseEntryRequest, context: ServerContext) async throws -> Settle_Collections_V1_PostEntryResponse {
        guard request.entryID > 0 else { throw CollectionsError.required("entry_id") }
        let day = try date(request.entryDate, field: "entry_date")
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let id = Int64(clamping: request.entryID)
            guard let original = try LedgerStore.entry(id: id, in: db) else {
                throw CollectionsError.notFound("no ledger entry \(request.entryID)")
            }
            if let existing = try LedgerStore.reversalID(of: id, in: db) {
                var response = try Self.entryResponse(id: existing, account: original.accountNumber, audit: nil, in: db)
                response.alreadyReversed = true
                return response
            }
            guard original.kind != EntryKind.reversal.rawValue else {
                throw CollectionsError.failedPrecondition("entry \(id) is itself a reversal; post a new entry instead of reversing it")
            }
            // A transfer has two legs on two accounts; reversing one would unbalance them.
            guard original.kind != EntryKind.transfer.rawValue else {
                throw CollectionsError.failedPrecondition("entry \(id) is one leg of a transfer; reverse it with a transfer back (TransferBalance)")
            }
            let reversal = try Self.reversal(of: id, on: day.dayNumber, memo: request.memo, in: db)
            return try Self.entryResponse(id: reversal, account: original.accountNumber, audit: audit, in: db)
        }
    }

    /// Writes the reversal of entry `id` dated `day`; refuses a day before the entry's own.
    static func reversal(of id: Int64, on day: Int, memo: String, in db: Database) throws -> Int64 {
        guard let row = try LedgerStore.reversible(id, in: db)
        else { throw CollectionsError.notFound("no ledger entry \(id)") }
        let entryDay: Int = row["entry_day"]
        guard day >= entryDay else {
            throw CollectionsError.invalid(
                "entry_date", "\(LocalDate(dayNumber: day)) is before entry \(id)'s date \(LocalDate(dayNumber: entryDay))")
        }
        return try LedgerStore.insert(NewEntry(
            accountNumber: row["account_number"], kind: .reversal, amount: -(row["amount_cents"] as Int64), entryDay: day,
            dueDay: row["due_day"], billID: row["bill_id"], agreementID: row["agreement_id"], serviceType: row["service_type"],
            rateClass: row["rate_class"], period: row["period"], taxCents: -(row["tax_cents"] as Int64),
            reference: row["reference"], reversesID: id, memo: memo, depositCents: -(row["deposit_cents"] as Int64)), in: db)
    }

    func transferBalance(
        _ request: Settle_Collections_V1_TransferBalanceRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_TransferBalanceResponse {
        guard !request.fromAccount.isEmpty else { throw CollectionsError.required("from_account") }
        guard !request.toAccount.isEmpty else { throw CollectionsError.required("to_account") }
        guard request.fromAccount != request.toAccount else { throw CollectionsError.invalid("to_account", "is the same account as from_account") }
        try CollectionsError.cents(request.amountCents, field: "amount_cents")
        let day = try date(request.entryDate, field: "entry_date").dayNumber
        try await requireAccount(request.fromAccount)
        try await requireAccount(request.toAccount)
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let memo = request.memo.isEmpty ? "transfer \(request.fromAccount) → \(request.toAccount)" : request.memo
            let out = try LedgerStore.insert(NewEntry(
                accountNumber: request.fromAccount, kind: .transfer, amount: -request.amountCents, entryDay: day, dueDay: day,
                reference: request.toAccount, memo: memo), in: db)
            let into = try LedgerStore.insert(NewEntry(
                accountNumber: request.toAccount, kind: .transfer, amount: request.amountCents, entryDay: day, dueDay: day,
                reference: request.fromAccount, memo: memo), in: db)
            var response = Settle_Collections_V1_TransferBalanceResponse()
            response.fromEntry = try LedgerStore.entry(id: out, in: db) ?? .init()
            response.toEntry = try LedgerStore.entry(id: into, in: db) ?? .init()
            try audit.record(entity: "transfer/\(out)-\(into)", after: AuditJSON.object([
                "from": request.fromAccount, "to": request.toAccount, "amount_cents": request.amountCents,
            ]))
            return response
        }
    }

    func getAccountLedger(
        _ request: Settle_Collections_V1_GetAccountLedgerRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_GetAccountLedgerResponse {
        let query = try LedgerQuery(request, today: today)
        return try await store.read { db in try Self.ledger(query, in: db) }
    }

    /// Accounts one `GetAccountLedgers` may name.
    static let maximumLedgersPerCall = 1_000

    func getAccountLedgers(
        _ request: Settle_Collections_V1_GetAccountLedgersRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_GetAccountLedgersResponse {
        guard request.ledgers.count <= Self.maximumLedgersPerCall else {
            throw CollectionsError.invalid("ledgers", "\(request.ledgers.count) accounts; at most \(Self.maximumLedgersPerCall) a call")
        }
        var seen: Set<String> = []
        let queries = try request.ledgers.enumerated().map { index, ledger in
            guard seen.insert(ledger.accountNumber).inserted else {
                throw CollectionsError.invalid("ledgers[\(index)].account_number", "account \(ledger.accountNumber) is asked for twice")
            }
            return try LedgerQuery(ledger, today: today, field: "ledgers[\(index)].")
        }
        return try await store.read { db in
            var response = Settle_Collections_V1_GetAccountLedgersResponse()
            response.ledgers = try queries.map { try Self.ledger($0, in: db) }
            return response
        }
    }

    /// One account's ledger as asked: checked before the read, answered inside it.
    struct LedgerQuery: Sendable {
        let account: String
        /// nil: every entry ever posted (future-dated ones too), past due as of today.
        let through: Int?
        let asOf: LocalDate
        let includeEntries: Bool

        init(_ request: Settle_Collections_V1_GetAccountLedgerRequest, today: LocalDate, field prefix: String = "") throws {
            guard !request.accountNumber.isEmpty else { throw CollectionsError.required("\(prefix)account_number") }
            account = request.accountNumber
            through = request.asOf.isEmpty ? nil : try LocalDate.parse(request.asOf, field: "\(prefix)as_of").dayNumber
            asOf = LocalDate(dayNumber: through ?? today.dayNumber)
            includeEntries = request.includeEntries
        }
    }

    static func ledger(_ query: LedgerQuery, in db: Database) throws -> Settle_Collections_V1_GetAccountLedgerResponse {
        guard try LedgerStore.accountKnown(query.account, in: db) else {
            throw CollectionsError.notFound("account \(query.account) has no ledger entries")
        }
        let position = try LedgerStore.position(account: query.account, on: query.through, in: db)
        var response = Settle_Collections_V1_GetAccountLedgerResponse()
        response.accountNumber = query.account
        response.asOf = query.asOf.description
        response.balanceCents = position.balance
        response.pastDueCents = position.pastDue(on: query.asOf.dayNumber)
        response.creditCents = position.credit
        response.deferredCents = position.deferred
        response.openItems = position.openItems.map { proto($0, on: query.asOf.dayNumber) }
        response.heldCents = try CaseStore.heldCents(account: query.account, on: query.asOf.dayNumber, in: db)
        if query.includeEntries {
            response.entries = try LedgerStore.entries(account: query.account, through: query.through, in: db)
        }
        return response
    }

    func checkLedger(_ request: Settle_Collections_V1_CheckLedgerRequest, context: ServerContext) async throws -> Settle_Collections_V1_CheckLedgerResponse {
        try await store.read { db in try TrialBalance.check(in: db) }
    }

    static func proto(_ item: OpenAmount, on day: Int) -> Settle_Collections_V1_OpenItem {
        var open = Settle_Collections_V1_OpenItem()
        open.entryID = UInt64(clamping: item.entryID)
        open.kind = item.kind
        open.billID = item.billID
        // A fee no bill has carried yet has no due date: it is current until the next bill.
        open.dueDate = item.isUnbilled ? "" : LocalDate(dayNumber: item.dueDay).description
        open.originalCents = item.original
        open.openCents = item.open
        open.daysPastDue = item.isUnbilled ? 0 : Int32(clamping: day - item.dueDay)
        open.rateClass = item.rateClass
        return open
    }

    /// The entry just written (audited when `audit` is given) with the account's new balance.
    static func entryResponse(id: Int64, account: String, audit: AuditTrail?, in db: Database) throws -> Settle_Collections_V1_PostEntryResponse {
        var response = Settle_Collections_V1_PostEntryResponse()
        response.entry = try LedgerStore.entry(id: id, in: db) ?? .init()
        response.balanceCents = try LedgerStore.balance(account: account, in: db)
        if let audit { try auditEntry(response.entry, balance: response.balanceCents, audit: audit) }
        return response
    }

    /// The audit record of one entry written: what it is, and the account's balance after it.
    static func auditEntry(
        _ entry: Settle_Collections_V1_LedgerEntry, balance: Int64, audit: AuditTrail, before: String = "", extra: KeyValuePairs<String, Int64> = [:]
    ) throws {
        var fields: [(String, Any)] = [
            ("account", entry.accountNumber), ("kind", entry.kind), ("amount_cents", entry.amountCents),
            ("deposit_cents", entry.depositCents), ("entry_date", entry.entryDate), ("reverses_id", entry.reversesID),
            ("memo", entry.memo), ("balance_cents", balance),
        ]
        for (key, value) in extra { fields.append((key, value)) }
        try audit.record(entity: "ledger-entry/\(entry.id)", before: before, after: AuditJSON.object(fields))
    }

    /// Refuses an account neither the ledger nor Accounts knows.
    func requireAccount(_ number: String) async throws {
        if try await store.read({ db in try LedgerStore.accountKnown(number, in: db) }) { return }
        guard try await accounts.accountExists(number) else {
            throw CollectionsError.notFound("unknown account \(number)")
        }
    }
}
