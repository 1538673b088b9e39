import GRDB
import SettleModuleSDK

/// Writes of energy-assistance pledges; `CaseStore.pledge(_:in:)` and `pledges(account:in:)` read them.
extension CaseStore {
    /// Records a pending pledge and returns its id.
    static func insertPledge(account: String, agency: String, amountCents: Int64, pledgedDay: Int, expiryDay: Int, in db: Database) throws -> Int64 {
        try db.executeCached(sql: "INSERT INTO pledge (account_number, agency, amount_cents, pledged_day, expiry_day) VALUES (?, ?, ?, ?, ?)",
                       arguments: [account, agency, amountCents, pledgedDay, expiryDay])
        return db.lastInsertedRowID
    }

    /// Marks a pledge `paid` or `expired` from `day`, with the payment it names (or "") and a note.
    static func resolvePledge(_ id: Int64, outcome: String, on day: Int, paymentReference: String, note: String, in db: Database) throws {
        try db.executeCached(
            sql: "UPDATE pledge SET status = ?, resolved_day = ?, payment_reference = ?, note = ? WHERE id = ?",
            arguments: [outcome, day, paymentReference, note, id])
    }
}
