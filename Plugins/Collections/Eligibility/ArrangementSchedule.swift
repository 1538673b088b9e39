import GRDB
import SettleModuleSDK
import SettleContracts

/// A payment arrangement's schedule and standing: a down payment due on the start day,
/// then equal monthly installments (the last takes the rounding remainder). It is kept while
/// the payments received since the start cover every amount due so far; it breaks the day
/// after an installment's due date passes uncovered, and completes when all is paid.
struct ArrangementSchedule: Sendable {
    var id: Int64
    var account: String
    var total: Int64
    var downPayment: Int64
    var startDay: Int
    var installments: Int

    /// (due day, amount) for the down payment (number 0) and each installment.
    var schedule: [(number: Int, dueDay: Int, amount: Int64)] {
        var result: [(Int, Int, Int64)] = []
        if downPayment > 0 { result.append((0, startDay, downPayment)) }
        let rest = total - downPayment
        guard installments > 0, rest > 0 else { return result }
        let each = rest / Int64(installments)
        let start = LocalDate(dayNumber: startDay)
        for number in 1...installments {
            let amount = number == installments ? rest - each * Int64(installments - 1) : each
            result.append((number, start.adding(months: number).dayNumber, amount))
        }
        return result
    }

    enum Standing: Equatable { case active, broken(onDay: Int), completed }

    /// The standing on `day` given the payments received from the start through `day`.
    func standing(on day: Int, paid: Int64) -> Standing {
        var due: Int64 = 0
        for item in schedule where item.dueDay < day {
            due += item.amount
            if paid < due { return .broken(onDay: item.dueDay + 1) }
        }
        return paid >= total ? .completed : .active
    }

    static func load(account: String, in db: Database) throws -> [ArrangementSchedule] {
        try Row.fetchAllCached(db, sql: "SELECT * FROM arrangement WHERE account_number = ? ORDER BY id", arguments: [account]).map(Self.init)
    }

    static func load(id: Int64, in db: Database) throws -> ArrangementSchedule? {
        try Row.fetchOneCached(db, sql: "SELECT * FROM arrangement WHERE id = ?", arguments: [id]).map(Self.init)
    }

    init(row: Row) {
        id = row["id"]
        account = row["account_number"]
        total = row["total_cents"]
        downPayment = row["down_payment_cents"]
        startDay = row["start_day"]
        installments = row["installments"]
    }

    init(id: Int64, account: String, total: Int64, downPayment: Int64, startDay: Int, installments: Int) {
        self.id = id
        self.account = account
        self.total = total
        self.downPayment = downPayment
        self.startDay = startDay
        self.installments = installments
    }

    /// Payments (net of returned ones) on the account from the start through `day`.
    func paid(through day: Int, in db: Database) throws -> Int64 {
        try Int64.fetchOneCached(db, sql: """
            SELECT COALESCE(-SUM(e.amount_cents), 0) FROM ledger_entry e
            WHERE e.account_number = ? AND e.kind = 'payment' AND e.entry_day BETWEEN ? AND ?
              AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id AND r.entry_day <= ?)
            """, arguments: [account, startDay, day, day]) ?? 0
    }

    func proto(on day: Int, in db: Database) throws -> Settle_Collections_V1_Arrangement {
        var arrangement = Settle_Collections_V1_Arrangement()
        arrangement.id = UInt64(clamping: id)
        arrangement.accountNumber = account
        arrangement.totalCents = total
        arrangement.downPaymentCents = downPayment
        arrangement.startDate = LocalDate(dayNumber: startDay).description
        arrangement.installments = UInt32(clamping: installments)
        var cumulative: Int64 = 0
        arrangement.schedule = schedule.map { item in
            cumulative += item.amount
            var installment = Settle_Collections_V1_Installment()
            installment.number = UInt32(clamping: item.number)
            installment.dueDate = LocalDate(dayNumber: item.dueDay).description
            installment.amountCents = item.amount
            installment.cumulativeCents = cumulative
            return installment
        }
        let paid = try paid(through: day, in: db)
        arrangement.paidCents = paid
        arrangement.asOf = LocalDate(dayNumber: day).description
        switch standing(on: day, paid: paid) {
        case .active: arrangement.status = "active"
        case .completed: arrangement.status = "completed"
        case .broken(let brokenDay):
            arrangement.status = "broken"
            arrangement.brokenOn = LocalDate(dayNumber: brokenDay).description
        }
        return arrangement
    }
}
