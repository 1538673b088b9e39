import GRDB
import SettleContracts
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

    func assessLateFees(
        _ request: Settle_Collections_V1_AssessLateFeesRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_AssessLateFeesResponse {
        let asOf = try LocalDate.parse(request.asOf, field: "as_of").dayNumber
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let policy = try PolicyStore.load(in: db)
            var response = Settle_Collections_V1_AssessLateFeesResponse()
            guard policy.lateFeeBasisPoints > 0 || policy.lateFeeFlatCents > 0 else { return response }
            let charged = try db.cachedStatement(sql: "SELECT 1 FROM ledger_entry WHERE kind = 'late_fee' AND bill_id = ?")
            var fees: [NewEntry] = []
            try LedgerScan.positions(through: asOf, withBills: true, in: db) { account, _, position in
                // Past-due open charges of each bill, beyond the grace days.
                var byBill: [String: (cents: Int64, rateClass: String)] = [:]
                var order: [String] = []
                for item in position.openItems
                where item.kind == EntryKind.charge.rawValue && item.dueDay + Int(policy.lateFeeGraceDays) < asOf {
                    if byBill[item.billID] == nil { order.append(item.billID) }
                    byBill[item.billID, default: (0, item.rateClass)].cents += item.open
                }
                for bill in order {
                    guard let pastDue = byBill[bill], pastDue.cents > 0 else { continue }
                    if try Int.fetchOne(charged, arguments: [bill]) != nil {
                        response.alreadyCharged += 1
                        continue
                    }
                    let fee = policy.lateFeeFlatCents > 0
                        ? policy.lateFeeFlatCents
                        : Money.percent(pastDue.cents, basisPoints: Int64(policy.lateFeeBasisPoints))
                    guard fee > 0 else { continue }
                    fees.append(NewEntry(
                        accountNumber: account, kind: .lateFee, amount: fee, entryDay: asOf, dueDay: asOf, billID: bill,
                        rateClass: pastDue.rateClass, memo: "late fee on \(Money.text(pastDue.cents)) past due"))
                }
            }
            for fee in fees {
                let id = try LedgerStore.insert(fee, in: db)
                response.fees += 1
                response.feeCents += fee.amount
                if response.entries.count < 1_000, let entry = try LedgerStore.entry(id: id, in: db) { response.entries.append(entry) }
            }
            try audit.record(entity: "late-fees/\(LocalDate(dayNumber: asOf))", after: AuditJSON.object([
                "fees": response.fees, "fee_cents": response.feeCents, "already_charged": response.alreadyCharged]))
            return response
        }
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
            if position.credit != 0 {
                mine.creditCents += position.credit
                mine.totalCents += position.credit
                portfolio.creditCents += position.credit
                portfolio.totalCents += position.credit
                byClass[fallbackClass, default: .init()].creditCents += position.credit
                byClass[fallbackClass, default: .init()].totalCents += position.credit
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
        response.ledgerTotalCents = try Int64.fetchOneCached(
            db, sql: "SELECT COALESCE(SUM(amount_cents), 0) FROM ledger_entry WHERE entry_day <= ?", arguments: [day]) ?? 0
        response.tiesToLedger = response.ledgerTotalCents == portfolio.totalCents
        return response
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
