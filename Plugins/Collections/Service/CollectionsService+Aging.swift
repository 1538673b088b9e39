import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Aging of the portfolio and late fees: both are one pass of open-item accounting over
/// the whole ledger as of a date.
extension CollectionsService {
    func getAging(_ request: Settle_Collections_V1_GetAgingRequest, context: ServerContext) async throws -> Settle_Collections_V1_GetAgingResponse {
        let asOf = try date(request.asOf, field: "as_of")
        let byService = request.byServiceType
        return try await store.read { db in
            var response = try AgingReport.build(asOf: asOf.dayNumber, includeAccounts: request.includeAccounts, in: db)
            if byService { response.byServiceType = try AgingByService.build(asOf: asOf.dayNumber, in: db) }
            return response
        }
    }

    /// Late fees as of a day: one per bill whose own charge was unpaid at the close of its due
    /// date (a payment dated on the due date is on time) and is still open beyond the grace
    /// days, on that unpaid charge less what is under a pending dispute; never on fees, never
    /// while a payment arrangement is in good standing, never on pre-petition debt under a
    /// bankruptcy stay. Each fee is billed with the account's next bill (see OpenItemAllocator).
    func assessLateFees(
        _ request: Settle_Collections_V1_AssessLateFeesRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_AssessLateFeesResponse {
        let asOf = try LocalDate.parse(request.asOf, field: "as_of").dayNumber
        let candidates = try await store.read { db in try LateFees.candidates(asOf: asOf, in: db) }
        let stays = try await bankruptcyStays(for: Set(candidates), on: asOf).filter { $0.value.inForce(on: asOf) }
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let policy = try PolicyStore.load(in: db)
            var response = Settle_Collections_V1_AssessLateFeesResponse()
            guard policy.lateFeeBasisPoints > 0 || policy.lateFeeFlatCents > 0 else { return response }
            var skipped = (arrangement: 0, disputed: 0)
            var fees: [NewEntry] = []
            var positions: [(String, AccountPosition)] = []
            try LedgerScan.positions(through: asOf, withBills: true, accounts: try LateFees.candidates(asOf: asOf, in: db), in: db) {
                account, _, position in positions.append((account, position))
            }
            for (account, plain) in positions {
                let stay = stays[account]
                let position = stay == nil ? plain : try LedgerStore.position(account: account, on: asOf, stay: stay, in: db)
                let bills = LateFees.lateBills(position, asOf: asOf, graceDays: Int(policy.lateFeeGraceDays))
                guard !bills.isEmpty else { continue }
                if try ArrangementSchedule.summary(ArrangementStore.arrangements(account: account, in: db), on: asOf, in: db).goodStanding {
                    skipped.arrangement += 1
                    continue
                }
                var disputed = try CaseStore.disputedCents(account: account, on: asOf, in: db)
                var atDue: [Int: AccountPosition] = [:]
                for bill in bills {
                    if try LedgerStore.hasLateFee(bill: bill.billID, in: db) {
                        response.alreadyCharged += 1
                        continue
                    }
                    if atDue[bill.dueDay] == nil {
                        atDue[bill.dueDay] = try LedgerStore.position(account: account, on: bill.dueDay, stay: stay, in: db)
                    }
                    let unpaid = atDue[bill.dueDay]?.openItems.reduce(Int64(0)) {
                        $0 + ($1.billID == bill.billID && $1.kind == EntryKind.charge.rawValue && !$1.prePetition ? $1.open : 0)
                    } ?? 0
                    let excluded = min(disputed, unpaid)
                    disputed -= excluded
                    let base = unpaid - excluded
                    guard base > 0 else {
                        if excluded > 0 { skipped.disputed += 1 }
                        continue
                    }
                    let fee = policy.lateFeeFlatCents > 0
                        ? policy.lateFeeFlatCents
                        : Dollars.percent(base, basisPoints: Int64(policy.lateFeeBasisPoints))
                    guard fee > 0 else { continue }
                    let memo = "late fee on \(Dollars.plain(base)) unpaid at the due date \(LocalDate(dayNumber: bill.dueDay))"
                        + (excluded > 0 ? " (\(Dollars.plain(excluded)) under dispute left out)" : "")
                    fees.append(NewEntry(
                        accountNumber: account, kind: .lateFee, amount: fee, entryDay: asOf, dueDay: asOf, billID: bill.billID,
                        rateClass: bill.rateClass, memo: memo))
                }
            }
            for fee in fees {
                let id = try LedgerStore.insert(fee, in: db)
                response.fees += 1
                response.feeCents += fee.amount
                if response.entries.count < 1_000, let entry = try LedgerStore.entry(id: id, in: db) { response.entries.append(entry) }
            }
            try audit.record(entity: "late-fees/\(LocalDate(dayNumber: asOf))", after: AuditJSON.object([
                "fees": response.fees, "fee_cents": response.feeCents, "already_charged": response.alreadyCharged,
                "skipped_arrangement": skipped.arrangement, "skipped_disputed": skipped.disputed]))
            return response
        }
    }
}

/// Which bills may draw a late fee on a day.
enum LateFees {
    /// Accounts with a bill charge open past its due date (any grace): the only ones a late
    /// fee run needs to read again, and to ask Accounts about.
    static func candidates(asOf: Int, in db: Database) throws -> [String] {
        var accounts: [String] = []
        try LedgerScan.positions(through: asOf, in: db) { account, _, position in
            if position.openItems.contains(where: { $0.kind == EntryKind.charge.rawValue && $0.dueDay < asOf }) { accounts.append(account) }
        }
        return accounts
    }

    /// The bills (oldest due first) whose charges are still open beyond the grace days on
    /// `asOf`, pre-petition parts under a stay left out.
    static func lateBills(_ position: AccountPosition, asOf: Int, graceDays: Int) -> [(billID: String, dueDay: Int, rateClass: String)] {
        var bills: [(billID: String, dueDay: Int, rateClass: String)] = []
        for item in position.openItems
        where item.kind == EntryKind.charge.rawValue && !item.prePetition && item.dueDay + graceDays < asOf && item.open > 0 {
            if !bills.contains(where: { $0.billID == item.billID }) { bills.append((item.billID, item.dueDay, item.rateClass)) }
        }
        return bills.sorted { $0.dueDay < $1.dueDay }
    }
}

/// The aging report: open items by days past their due date, per account, per rate class
/// and for the portfolio, with the tie-out to the ledger.
enum AgingReport {
    static let unclassified = "unclassified"

    static func build(asOf day: Int, includeAccounts: Bool, in db: Database) throws -> Settle_Collections_V1_GetAgingResponse {
        var response = Settle_Collections_V1_GetAgingResponse()
        response.asOf = LocalDate(dayNumber: day).description
        var portfolio = Settle_Collections_V1_AgingBuckets()
        var byClass: [String: Settle_Collections_V1_AgingBuckets] = [:]
        try LedgerScan.positions(through: day, in: db) { account, accountClass, position in
            let fallbackClass = accountClass.isEmpty ? unclassified : accountClass
            var mine = Settle_Collections_V1_AgingBuckets()
            var touched: Set<String> = []
            for item in position.openItems {
                let rateClass = item.rateClass.isEmpty ? fallbackClass : item.rateClass
                add(item.open, daysPastDue: day - item.dueDay, to: &mine)
                add(item.open, daysPastDue: day - item.dueDay, to: &portfolio)
                add(item.open, daysPastDue: day - item.dueDay, to: &byClass[rateClass, default: .init()])
                touched.insert(rateClass)
            }
            // A credit, and budget billing's deferred balance (owed but not due), are columns of
            // their own in no bucket: the account's, the portfolio's and its class's.
            for (cents, column) in [(position.credit, \Settle_Collections_V1_AgingBuckets.creditCents), (position.deferred, \.deferredCents)] where cents != 0 {
                add(cents, column: column, to: &mine)
                add(cents, column: column, to: &portfolio)
                add(cents, column: column, to: &byClass[fallbackClass, default: .init()])
                touched.insert(fallbackClass)
            }
            guard position.balance != 0 || !position.openItems.isEmpty else { return }
            portfolio.accounts += 1
            for rateClass in touched { byClass[rateClass, default: .init()].accounts += 1 }
            if includeAccounts {
                mine.accounts = 1
                var row = Settle_Collections_V1_AccountAging()
                row.accountNumber = account
                row.rateClass = fallbackClass
                row.buckets = mine
                response.accounts.append(row)
            }
        }
        response.portfolio = portfolio
        response.byRateClass = byClass
        response.ledgerTotalCents = try LedgerStore.total(through: day, in: db)
        response.tiesToLedger = response.ledgerTotalCents == portfolio.totalCents
        return response
    }

    /// Cents in a column outside the buckets (credit, deferred), counted in the total too.
    static func add(_ cents: Int64, column: WritableKeyPath<Settle_Collections_V1_AgingBuckets, Int64>, to buckets: inout Settle_Collections_V1_AgingBuckets) {
        buckets[keyPath: column] += cents
        buckets.totalCents += cents
    }

    /// Buckets by days past due: ≤ 0 current, 1–30, 31–60, 61–90, 91–120, over 120.
    static func add(_ cents: Int64, daysPastDue days: Int, to buckets: inout Settle_Collections_V1_AgingBuckets) {
        switch days {
        case ...0: buckets.currentCents += cents
        case 1...30: buckets.days130Cents += cents
        case 31...60: buckets.days3160Cents += cents
        case 61...90: buckets.days6190Cents += cents
        case 91...120: buckets.days91120Cents += cents
        default: buckets.over120Cents += cents
        }
        buckets.totalCents += cents
    }
}
