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
        let (billed, months) = try LedgerStore.chargesAndMonths(account: account, after: yearAgo, through: day, in: db)
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
        let firstCharge = try LedgerStore.firstChargeDay(account: account, in: db)
        if let firstCharge, firstCharge <= yearAgo {
            status.reasons.append("billed since \(LocalDate(dayNumber: firstCharge)): 12 months of service")
        } else {
            status.reasons.append("fewer than 12 months of service (first bill \(firstCharge.map { LocalDate(dayNumber: $0).description } ?? "none"))")
        }
        let bills = try LedgerStore.billsDue(account: account, after: yearAgo, before: day, in: db)
        // The account's lines read once; each bill's position is the allocation of those dated
        // by the day after its due date (the same lines, in the same order, as a query per bill).
        let lines = bills.isEmpty ? [] : try LedgerStore.lines(account: account, through: day, in: db)
        for (billID, due) in bills {
            let after = OpenItemAllocator.position(of: lines.filter { $0.entryDay <= due + 1 })
            if after.openItems.contains(where: { $0.billID == billID && $0.kind == EntryKind.charge.rawValue }) { status.latePayments += 1 }
        }
        status.reasons.append("\(status.latePayments) late payment(s) in the last 12 months (at most 2 allowed)")
        let disconnections = try DisconnectionStore.count(account: account, after: yearAgo, through: day, in: db)
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
        for (id, amount, dueDay) in try LedgerStore.depositsBilled(account: account, through: through, in: db) {
            let paid = amount - (open[id] ?? 0)
            result.billed += amount
            result.paid += paid
            result.centDays.append((paid, dueDay))
        }
        // Each movement counts under the kind it moved (a reversal under the entry it reverses).
        for (kind, cents, movedDay) in try LedgerStore.depositMovements(account: account, through: through, in: db) {
            if kind == EntryKind.depositRefunded.rawValue { result.refunded -= cents } else { result.applied -= cents }
            result.centDays.append((cents, movedDay))
        }
        return result
    }
}
