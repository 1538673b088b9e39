import GRDB
import SettleModuleSDK

/// Final bills settled (the deposit applied and its interest credited, once per account and
/// bill) and when each account was closed afterwards.
enum FinalBillStore {
    /// Whether this final bill of the account was already settled.
    static func isSettled(account: String, billID: String, in db: Database) throws -> Bool {
        try Int.fetchOneCached(db, sql: "SELECT 1 FROM final_bill WHERE account_number = ? AND bill_id = ?",
                               arguments: [account, billID]) != nil
    }

    static func insert(account: String, billID: String, billDay: Int, depositAppliedCents: Int64, interestCents: Int64, in db: Database) throws {
        try db.executeCached(sql: """
            INSERT INTO final_bill (account_number, bill_id, bill_day, deposit_applied_cents, interest_cents) VALUES (?, ?, ?, ?, ?)
            """, arguments: [account, billID, billDay, depositAppliedCents, interestCents])
    }

    /// The day of the account's latest final bill not yet followed by its closing (nil: none).
    static func openBillDay(account: String, in db: Database) throws -> Int? {
        try Int.fetchOneCached(db, sql: """
            SELECT MAX(bill_day) FROM final_bill WHERE account_number = ? AND closed_day IS NULL
            """, arguments: [account])
    }

    static func markClosed(account: String, on day: Int, in db: Database) throws {
        try db.executeCached(sql: "UPDATE final_bill SET closed_day = ? WHERE account_number = ? AND closed_day IS NULL", arguments: [day, account])
    }

    /// Each account's final bill dated by `day` (the latest when it has several).
    static func finalBills(through day: Int, in db: Database) throws -> [String: (bill: String, day: Int)] {
        var finals: [String: (bill: String, day: Int)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT account_number, bill_id, bill_day FROM final_bill WHERE bill_day <= ? ORDER BY bill_day", arguments: [day]) {
            finals[row[0]] = (row[1], row[2])
        }
        return finals
    }
}
