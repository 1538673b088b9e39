import GRDB
import SettleModuleSDK

/// The ledger reads deposit status is computed from.
extension LedgerStore {
    /// Charges of an account dated after `after` through `through` not reversed by then, and
    /// the number of distinct months they bill: what annualizes into the estimated annual billing.
    static func chargesAndMonths(account: String, after: Int, through: Int, in db: Database) throws -> (cents: Int64, months: Int64) {
        let billing = try Row.fetchOneCached(db, sql: """
            SELECT COALESCE(SUM(amount_cents), 0), COUNT(DISTINCT substr(period, 1, 7)) FROM ledger_entry
            WHERE account_number = ? AND kind = 'charge' AND entry_day > ? AND entry_day <= ?
              AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = ledger_entry.id AND r.entry_day <= ?)
            """, arguments: [account, after, through, through])
        return (billing?[0] ?? 0, billing?[1] ?? 0)
    }

    /// The day of an account's first charge (nil: never billed).
    static func firstChargeDay(account: String, in db: Database) throws -> Int? {
        try Int.fetchOneCached(db, sql: "SELECT MIN(entry_day) FROM ledger_entry WHERE account_number = ? AND kind = 'charge'", arguments: [account])
    }

    /// The bills of an account due after `after` and before `before`, each with its latest due day.
    static func billsDue(account: String, after: Int, before: Int, in db: Database) throws -> [(billID: String, dueDay: Int)] {
        try Row.fetchAllCached(db, sql: """
            SELECT bill_id, MAX(due_day) FROM ledger_entry WHERE account_number = ? AND kind = 'charge' AND due_day > ? AND due_day < ?
            GROUP BY bill_id
            """, arguments: [account, after, before]).map { ($0[0], $0[1]) }
    }

    /// An account's deposits billed by `through` and not reversed by then.
    static func depositsBilled(account: String, through: Int, in db: Database) throws -> [(id: Int64, amount: Int64, dueDay: Int)] {
        try Row.fetchAllCached(db, sql: """
            SELECT id, amount_cents, due_day FROM ledger_entry e WHERE account_number = ? AND kind = 'deposit_billed' AND entry_day <= ?
              AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id AND r.entry_day <= ?)
            """, arguments: [account, through, through]).map { ($0[0], $0[1], $0[2]) }
    }

    /// Every movement of an account's deposit held by `through`: the kind it moved under (a
    /// reversal takes the kind of the entry it reverses), its cents and its day.
    static func depositMovements(account: String, through: Int, in db: Database) throws -> [(kind: String, cents: Int64, day: Int)] {
        try Row.fetchAllCached(db, sql: """
            SELECT COALESCE(o.kind, e.kind), e.deposit_cents, e.entry_day FROM ledger_entry e LEFT JOIN ledger_entry o ON o.id = e.reverses_id
            WHERE e.account_number = ? AND e.entry_day <= ? AND e.deposit_cents != 0
            """, arguments: [account, through]).map { ($0[0], $0[1], $0[2]) }
    }
}
