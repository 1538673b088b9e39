import GRDB
import SettleDomain
import SettleModuleSDK
import SettleContracts

/// Deposits: the required amount, what is held, its interest and refund eligibility.
///
/// A `deposit_billed` entry is an amount owed like any other, so payments pay it oldest first;
/// the part no longer open is paid in. What is held is that, less what was applied to the
/// account's charges (`deposit_applied`) or refunded (`deposit_refunded`): every entry's
/// `deposit_cents` summed. Interest is simple interest on what is held for the days it is held:
/// from each deposit's due date, less each amount taken out from the day it was taken out,
/// rounded half-up once. Refund eligibility follows the policy the utility publishes: 12 consecutive months
/// of service, no more than 2 late payments (bills not paid in full by their due date) in the
/// last 12 months, and no disconnection in them.
enum DepositRules {
    static func status(account: String, on day: Int, policy: Settle_Collections_V1_Policy, in db: Database) throws -> Settle_Collections_V1_DepositStatus {
        var status = Settle_Collections_V1_DepositStatus()
        status.accountNumber = account
        let asOf = LocalDate(dayNumber: day)
        status.asOf = asOf.description
        let yearAgo = asOf.adding(months: -12).dayNumber

        // Estimated annual billing: charges of the last 12 months, annualized over the months billed.
        let billing = try Row.fetchOneCached(db, sql: """
            SELECT COALESCE(SUM(amount_cents), 0), COUNT(DISTINCT substr(period, 1, 7)) FROM ledger_entry
            WHERE account_number = ? AND kind = 'charge' AND entry_day > ? AND entry_day <= ?
              AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = ledger_entry.id AND r.entry_day <= ?)
            """, arguments: [account, yearAgo, day, day])
        let billed: Int64 = billing?[0] ?? 0
        let months: Int64 = billing?[1] ?? 0
        status.estimatedAnnualBillingCents = months == 0 ? 0 : (months >= 12 ? billed : billed * 12 / months)
        status.requiredCents = Dollars.percent(status.estimatedAnnualBillingCents, basisPoints: Int64(policy.depositBasisPoints))

        let held = try self.held(account: account, on: day, in: db)
        status.billedCents = held.billed
        status.heldCents = max(0, held.held)
        status.appliedCents = held.applied
        status.refundedCents = held.refunded
        // Held cents × days, then × rate ÷ (10,000 bp × 365 days), rounded half-up once.
        let centDays = held.centDays.reduce(Int128(0)) { $0 + Int128($1.cents) * Int128(max(0, day - $1.fromDay)) }
        status.interestCents = Dollars.divide(max(0, centDays) * Int128(policy.depositInterestBasisPoints), by: 3_650_000)

        // Refund eligibility.
        let firstCharge = try Int.fetchOneCached(db, sql: "SELECT MIN(entry_day) FROM ledger_entry WHERE account_number = ? AND kind = 'charge'", arguments: [account])
        if let firstCharge, firstCharge <= yearAgo {
            status.reasons.append("billed since \(LocalDate(dayNumber: firstCharge)): 12 months of service")
        } else {
            status.reasons.append("fewer than 12 months of service (first bill \(firstCharge.map { LocalDate(dayNumber: $0).description } ?? "none"))")
        }
        let bills = try Row.fetchAllCached(db, sql: """
            SELECT bill_id, MAX(due_day) FROM ledger_entry WHERE account_number = ? AND kind = 'charge' AND due_day > ? AND due_day < ?
            GROUP BY bill_id
            """, arguments: [account, yearAgo, day])
        // The account's lines read once; each bill's position is the allocation of those dated
        // by the day after its due date (the same lines, in the same order, as a query per bill).
        let lines = bills.isEmpty ? [] : try LedgerStore.lines(account: account, through: day, in: db)
        for bill in bills {
            let billID: String = bill[0]
            let due: Int = bill[1]
            let after = OpenItemAllocator.position(of: lines.filter { $0.entryDay <= due + 1 })
            if after.openItems.contains(where: { $0.billID == billID && $0.kind == EntryKind.charge.rawValue }) { status.latePayments += 1 }
        }
        status.reasons.append("\(status.latePayments) late payment(s) in the last 12 months (at most 2 allowed)")
        let disconnections = try Int.fetchOneCached(
            db, sql: "SELECT COUNT(*) FROM disconnection WHERE account_number = ? AND day > ? AND day <= ?", arguments: [account, yearAgo, day]) ?? 0
        status.reasons.append(disconnections == 0 ? "no disconnection in the last 12 months" : "\(disconnections) disconnection(s) in the last 12 months")
        status.refundEligible = (firstCharge.map { $0 <= yearAgo } ?? false) && status.latePayments <= 2 && disconnections == 0
            && status.heldCents > 0
        if status.heldCents == 0 { status.reasons.append("no deposit held") }
        return status
    }

    /// The deposit an account holds on `day` (nil: with every entry ever posted).
    struct Held {
        /// Deposits billed (net of reversals).
        var billed: Int64 = 0
        /// The part of them paid.
        var paid: Int64 = 0
        var applied: Int64 = 0
        var refunded: Int64 = 0
        /// Amounts that entered (+) or left (−) the deposit and the day they did, for interest.
        var centDays: [(cents: Int64, fromDay: Int)] = []
        var held: Int64 { paid - applied - refunded }
    }

    static func held(account: String, on day: Int?, in db: Database) throws -> Held {
        let through = day ?? Int.max
        var result = Held()
        let position = try LedgerStore.position(account: account, on: day, in: db)
        let open = Dictionary(position.openItems.map { ($0.entryID, $0.open) }, uniquingKeysWith: +)
        for row in try Row.fetchAllCached(db, sql: """
            SELECT id, amount_cents, due_day FROM ledger_entry e WHERE account_number = ? AND kind = 'deposit_billed' AND entry_day <= ?
              AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id AND r.entry_day <= ?)
            """, arguments: [account, through, through]) {
            let id: Int64 = row[0]
            let amount: Int64 = row[1]
            let paid = amount - (open[id] ?? 0)
            result.billed += amount
            result.paid += paid
            result.centDays.append((paid, row[2]))
        }
        // Each movement counts under the kind it moved (a reversal under the entry it reverses).
        for row in try Row.fetchAllCached(db, sql: """
            SELECT COALESCE(o.kind, e.kind), e.deposit_cents, e.entry_day FROM ledger_entry e LEFT JOIN ledger_entry o ON o.id = e.reverses_id
            WHERE e.account_number = ? AND e.entry_day <= ? AND e.deposit_cents != 0
            """, arguments: [account, through]) {
            let kind: String = row[0]
            let cents: Int64 = row[1]
            if kind == EntryKind.depositRefunded.rawValue { result.refunded -= cents } else { result.applied -= cents }
            result.centDays.append((cents, row[2]))
        }
        return result
    }
}
