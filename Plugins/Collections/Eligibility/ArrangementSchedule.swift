import GRDB
import SettleDomain
import SettleModuleSDK
import SettleContracts

/// A payment arrangement: the arrears it covers and the installments agreed for them — an
/// explicit schedule of dates and amounts, or a down payment due on the start day and equal
/// monthly installments (the last takes the rounding remainder).
///
/// It overlays the debt: the ledger, its due dates and its aging are untouched. What counts
/// toward it is what was paid *after it was made*, less the new bills that keep arriving: a
/// payment first covers the bills due on or after the start, and only the rest goes toward the
/// installments. It is kept while every installment due so far had been paid by its due date;
/// it breaks the day after the first installment's date passes unpaid, and completes when the
/// whole arrangement is paid toward.
struct ArrangementSchedule: Sendable {
    var id: Int64
    var account: String
    var total: Int64
    var downPayment: Int64
    var startDay: Int
    var installments: Int
    /// The explicit schedule agreed, when one was given (number from 1).
    var explicit: [Item] = []

    struct Item: Sendable, Equatable {
        var number: Int
        var dueDay: Int
        var amount: Int64
    }

    /// The installments in date order (a down payment is number 0).
    var schedule: [Item] {
        if !explicit.isEmpty { return explicit }
        var result: [Item] = []
        if downPayment > 0 { result.append(Item(number: 0, dueDay: startDay, amount: downPayment)) }
        let rest = total - downPayment
        guard installments > 0, rest > 0 else { return result }
        let each = rest / Int64(installments)
        let start = LocalDate(dayNumber: startDay)
        for number in 1...installments {
            let amount = number == installments ? rest - each * Int64(installments - 1) : each
            result.append(Item(number: number, dueDay: start.adding(months: number).dayNumber, amount: amount))
        }
        return result
    }

    enum Standing: Equatable { case active, broken(onDay: Int), completed }

    /// One installment's check as of a day: what had been paid toward the arrangement by its
    /// due date, against the cumulative amount due then.
    struct Check: Sendable {
        var item: Item
        var cumulative: Int64
        var towardByDue: Int64
        var kept: Bool
    }

    /// The standing on `day`, with each installment due before it checked.
    func evaluate(on day: Int, in db: Database) throws -> (standing: Standing, checks: [Check]) {
        var cumulative: Int64 = 0
        var checks: [Check] = []
        var broken: Int?
        for item in schedule {
            cumulative += item.amount
            guard item.dueDay < day else { continue }
            let toward = try self.toward(by: item.dueDay, asOf: day, in: db).toward
            let kept = toward >= cumulative
            checks.append(Check(item: item, cumulative: cumulative, towardByDue: toward, kept: kept))
            if !kept, broken == nil { broken = item.dueDay + 1 }
        }
        if let broken { return (.broken(onDay: broken), checks) }
        return (try toward(by: day, asOf: day, in: db).toward >= total ? .completed : .active, checks)
    }

    func standing(on day: Int, in db: Database) throws -> Standing { try evaluate(on: day, in: db).standing }

    /// Over an account's arrangements started by `day`: whether one is in good standing, and
    /// the latest day one broke (a notice served before it no longer counts).
    static func summary(_ arrangements: [ArrangementSchedule], on day: Int, in db: Database) throws -> (goodStanding: Bool, brokenDay: Int?) {
        var good = false
        var broken: Int?
        for arrangement in arrangements where arrangement.startDay <= day {
            switch try arrangement.standing(on: day, in: db) {
            case .active: good = true
            case .broken(let onDay): broken = max(broken ?? onDay, onDay)
            case .completed: break
            }
        }
        return (good, broken)
    }

    /// Payments since the start through `by` (net of those returned by `asOf`), less the new
    /// bills' charges due from the start through `by` (net of their reversals by `asOf`).
    func toward(by: Int, asOf: Int, in db: Database) throws -> (toward: Int64, paid: Int64, newBills: Int64) {
        let paid = try LedgerStore.paymentsNet(account: account, from: startDay, through: by, returnedBy: asOf, in: db)
        let newBills = try LedgerStore.billChargesDue(account: account, from: startDay, through: by, asOf: asOf, in: db)
        return (max(0, paid - newBills), paid, newBills)
    }

    init(id: Int64, account: String, total: Int64, downPayment: Int64, startDay: Int, installments: Int, explicit: [Item] = []) {
        self.id = id
        self.account = account
        self.total = total
        self.downPayment = downPayment
        self.startDay = startDay
        self.installments = installments
        self.explicit = explicit
    }

    func proto(on day: Int, in db: Database) throws -> Settle_Collections_V1_Arrangement {
        var arrangement = Settle_Collections_V1_Arrangement()
        arrangement.id = UInt64(clamping: id)
        arrangement.accountNumber = account
        arrangement.totalCents = total
        arrangement.downPaymentCents = downPayment
        arrangement.startDate = LocalDate(dayNumber: startDay).description
        arrangement.installments = UInt32(clamping: explicit.isEmpty ? installments : explicit.count)
        let (standing, checks) = try evaluate(on: day, in: db)
        var cumulative: Int64 = 0
        arrangement.schedule = schedule.map { item in
            cumulative += item.amount
            var installment = Settle_Collections_V1_Installment()
            installment.number = UInt32(clamping: item.number)
            installment.dueDate = LocalDate(dayNumber: item.dueDay).description
            installment.amountCents = item.amount
            installment.cumulativeCents = cumulative
            if let check = checks.first(where: { $0.item == item }) {
                installment.paidTowardCents = check.towardByDue
                installment.kept = check.kept
            }
            return installment
        }
        let toward = try toward(by: day, asOf: day, in: db)
        arrangement.paidCents = toward.paid
        arrangement.paidTowardCents = toward.toward
        arrangement.newBillsCents = toward.newBills
        arrangement.asOf = LocalDate(dayNumber: day).description
        switch standing {
        case .active: arrangement.status = "active"
        case .completed: arrangement.status = "completed"
        case .broken(let brokenDay):
            arrangement.status = "broken"
            arrangement.brokenOn = LocalDate(dayNumber: brokenDay).description
        }
        return arrangement
    }
}
