import GRDB
import SettleModuleSDK

/// What a reversal is written from: the entry it reverses, and whether it already was.
extension LedgerStore {
    /// The reversal of entry `id` (nil: not reversed; at most one, by a unique index).
    static func reversalID(of id: Int64, in db: Database) throws -> Int64? {
        try Int64.fetchOneCached(db, sql: "SELECT id FROM ledger_entry WHERE reverses_id = ?", arguments: [id])
    }

    /// The columns of entry `id` a reversal copies or negates (nil: no such entry).
    static func reversible(_ id: Int64, in db: Database) throws -> Row? {
        try Row.fetchOneCached(db, sql: """
            SELECT account_number, amount_cents, entry_day, due_day, bill_id, agreement_id, service_type, rate_class, period,
                   tax_cents, reference, deposit_cents FROM ledger_entry WHERE id = ?
            """, arguments: [id])
    }
}
