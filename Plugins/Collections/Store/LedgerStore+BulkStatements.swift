import GRDB
import SettleModuleSDK

/// Prepared statements a payment file's batch binds once per row (the import's hot path:
/// tens of thousands of rows a second, so no statement is compiled per row).
extension LedgerStore {
    /// Yields a row when `ledger_account` knows the account bound at 1.
    static func accountLookup(in db: Database) throws -> BulkStatement {
        try BulkStatement(cached: "SELECT 1 FROM ledger_account WHERE account_number = ?", in: db)
    }

    /// The payment posted under the reference bound at 1: id, account, amount, entry day.
    static func paymentByReference(in db: Database) throws -> BulkStatement {
        try BulkStatement(cached: "SELECT id, account_number, amount_cents, entry_day FROM ledger_entry WHERE kind = 'payment' AND reference = ?", in: db)
    }

    /// Notes the account (1) first seen on the day (2) in `ledger_account`, once.
    static func noteAccountStatement(in db: Database) throws -> BulkStatement {
        try BulkStatement(cached: noteAccountSQL, in: db)
    }
}
