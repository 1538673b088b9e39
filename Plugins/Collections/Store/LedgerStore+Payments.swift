import GRDB
import SettleModuleSDK

/// Look-ups of payments and their returns by id or by the bank's reference.
extension LedgerStore {
    /// The entry id of the payment posted under `reference` (nil: none).
    static func paymentID(reference: String, in db: Database) throws -> Int64? {
        try Int64.fetchOneCached(db, sql: "SELECT id FROM ledger_entry WHERE kind = 'payment' AND reference = ?", arguments: [reference])
    }

    /// A payment's `id`, `account_number` and `reference`, found by its entry id.
    static func payment(id: Int64, in db: Database) throws -> Row? {
        try Row.fetchOneCached(db, sql: "SELECT id, account_number, reference FROM ledger_entry WHERE id = ? AND kind = 'payment'", arguments: [id])
    }

    /// A payment's `id`, `account_number` and `reference`, found by its reference.
    static func payment(reference: String, in db: Database) throws -> Row? {
        try Row.fetchOneCached(db, sql: "SELECT id, account_number, reference FROM ledger_entry WHERE reference = ? AND kind = 'payment'", arguments: [reference])
    }

    /// A payment's `account_number` and `entry_day`, and the `returned_day` of its return (NULL
    /// while it stands): whether it can be what paid a pledge.
    static func paymentWithReturn(reference: String, in db: Database) throws -> Row? {
        try Row.fetchOneCached(db, sql: """
            SELECT p.account_number, p.entry_day, r.entry_day AS returned_day FROM ledger_entry p
            LEFT JOIN ledger_entry r ON r.reverses_id = p.id
            WHERE p.kind = 'payment' AND p.reference = ?
            """, arguments: [reference])
    }

    /// The NSF fee charged for the returned payment `reference` (nil: none).
    static func nsfFeeID(reference: String, in db: Database) throws -> Int64? {
        try Int64.fetchOneCached(db, sql: "SELECT id FROM ledger_entry WHERE kind = 'nsf_fee' AND reference = ?", arguments: [reference])
    }
}
