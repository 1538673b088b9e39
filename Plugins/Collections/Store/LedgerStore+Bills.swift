import GRDB
import SettleModuleSDK

/// Reads of bills' charges: their reversals, services and late fees.
extension LedgerStore {
    /// A bill's charges in posting order, each with `reversal_id` (NULL while it stands).
    static func charges(ofBill billID: String, in db: Database) throws -> [Row] {
        try Row.fetchAllCached(db, sql: """
            SELECT c.id, c.account_number, c.amount_cents, c.entry_day, c.due_day, c.agreement_id, c.service_type,
                   c.rate_class, c.period, c.tax_cents, r.id AS reversal_id
            FROM ledger_entry c LEFT JOIN ledger_entry r ON r.reverses_id = c.id
            WHERE c.kind = 'charge' AND c.bill_id = ? ORDER BY c.id
            """, arguments: [billID])
    }

    /// Every charge of these bills with what its reversal took back (0: none), in bill and
    /// agreement order; read through `ledger_charge_by_bill` and `ledger_reversal_of`, never
    /// a table scan.
    static func chargesWithReversals(bills billIDs: [String], in db: Database) throws -> [Row] {
        let marks = Array(repeating: "?", count: billIDs.count).joined(separator: ",")
        return try Row.fetchAll(db, sql: """
            SELECT c.bill_id, c.agreement_id, c.account_number, c.amount_cents, c.tax_cents,
                   COALESCE(r.amount_cents, 0) AS reversed_cents, COALESCE(r.tax_cents, 0) AS reversed_tax_cents
            FROM ledger_entry c LEFT JOIN ledger_entry r ON r.reverses_id = c.id
            WHERE c.kind = 'charge' AND c.bill_id IN (\(marks))
            ORDER BY c.bill_id, c.agreement_id
            """, arguments: StatementArguments(billIDs))
    }

    /// Bill id → service type of every charge dated by `day`.
    static func chargeServices(through day: Int, in db: Database) throws -> [String: String] {
        var services: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT bill_id, service_type FROM ledger_entry WHERE kind = 'charge' AND entry_day <= ?", arguments: [day])
        while let row = try rows.next() { services[row["bill_id"]] = row["service_type"] }
        return services
    }

    /// Whether the bill already has its late fee (at most one per bill).
    static func hasLateFee(bill billID: String, in db: Database) throws -> Bool {
        try Int.fetchOneCached(db, sql: "SELECT 1 FROM ledger_entry WHERE kind = 'late_fee' AND bill_id = ?", arguments: [billID]) != nil
    }
}
