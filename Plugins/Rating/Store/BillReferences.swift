import GRDB
public import SettleModuleSDK

/// What Rating's bills promise the other modules: each bill marked posted is charged in
/// Collections' ledger for its total, and each bill charge there is a bill here, for the same
/// total. (A bill is issued, then charged, then marked posted: between the last two it is
/// charged but not yet marked, which a resumed run completes — so the ledger may only refer
/// to bills, not to bills marked posted.)
extension RatingModule: CrossModuleReferences {
    public static var crossReferences: [CrossReference] {
        [
            CrossReference(name: "settle.rating/bill", role: .provides, describes: "bills", keys: bills),
            CrossReference(name: "settle.collections/bill-charge", role: .requires, describes: "posted bills", keys: postedBills),
        ]
    }

    /// Bill id → total cents of every bill.
    @Sendable static func bills(_ db: Database) throws -> [String: String] {
        var keys: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, total_cents FROM bill")
        while let row = try rows.next() {
            let id: String = row[0]
            let cents: Int64 = row[1]
            keys[id] = String(cents)
        }
        return keys
    }

    /// Bill id → total cents of every bill marked posted (its own flag or its batch's posting).
    @Sendable static func postedBills(_ db: Database) throws -> [String: String] {
        var keys: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, total_cents FROM bill
            WHERE posted = 1 OR EXISTS (SELECT 1 FROM bill_posting p WHERE p.key = bill.posting_key)
            """)
        while let row = try rows.next() {
            let id: String = row[0]
            let cents: Int64 = row[1]
            keys[id] = String(cents)
        }
        return keys
    }
}
