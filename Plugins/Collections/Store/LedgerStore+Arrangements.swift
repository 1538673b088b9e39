import GRDB
import SettleModuleSDK

/// The ledger sums an arrangement's standing is computed from.
extension LedgerStore {
    /// Payments of an account dated `from` through `through`, positive, less those returned by
    /// `returnedBy`: a payment returned by the day asked never counted toward any installment.
    static func paymentsNet(account: String, from: Int, through: Int, returnedBy: Int, in db: Database) throws -> Int64 {
        try Int64.fetchOneCached(db, sql: """
            SELECT COALESCE(-SUM(e.amount_cents), 0) FROM ledger_entry e
            WHERE e.account_number = ? AND e.kind = 'payment' AND e.entry_day BETWEEN ? AND ?
              AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id AND r.entry_day <= ?)
            """, arguments: [account, from, through, returnedBy]) ?? 0
    }

    /// Bill charges of an account due `from` through `through`, net of their reversals,
    /// as posted by `asOf`: the new bills a payment covers before it counts toward an arrangement.
    static func billChargesDue(account: String, from: Int, through: Int, asOf: Int, in db: Database) throws -> Int64 {
        try Int64.fetchOneCached(db, sql: """
            SELECT COALESCE(SUM(e.amount_cents), 0) FROM ledger_entry e
            WHERE e.account_number = ? AND e.due_day BETWEEN ? AND ? AND e.entry_day <= ?
              AND (e.kind = 'charge' OR (e.kind = 'reversal' AND e.reverses_id IN (SELECT id FROM ledger_entry WHERE kind = 'charge')))
            """, arguments: [account, from, through, asOf]) ?? 0
    }
}
