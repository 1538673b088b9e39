import GRDB

/// The keys the cross-module consistency check compares with Rating's bills and Accounts' accounts.
extension LedgerStore {
    /// Bill id → the sum of its charges' cents (a bill has one charge; reversals are not charges).
    static func chargedBills(in db: Database) throws -> [String: Int64] {
        var sums: [String: Int64] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT bill_id, SUM(amount_cents) FROM ledger_entry WHERE kind = 'charge' GROUP BY bill_id")
        while let row = try rows.next() {
            let id: String = row[0]
            let cents: Int64 = row[1]
            sums[id] = cents
        }
        return sums
    }

    /// Every account number a payment was posted to, as stored.
    static func paidAccounts(in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT DISTINCT account_number FROM ledger_entry WHERE kind = 'payment'")
    }
}
