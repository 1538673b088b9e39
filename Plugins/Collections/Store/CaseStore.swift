import GRDB
import SettleModuleSDK
import SettleContracts

/// Reads of disputes, holds, pledges and arrangements as they stand on a day.
enum CaseStore {
    /// Disputed amounts pending on `day`: opened by then and not closed by then.
    static func disputedCents(account: String, on day: Int, in db: Database) throws -> Int64 {
        try Int64.fetchOneCached(db, sql: """
            SELECT COALESCE(SUM(amount_cents), 0) FROM dispute
            WHERE account_number = ? AND opened_day <= ? AND (closed_day IS NULL OR closed_day > ?)
            """, arguments: [account, day, day]) ?? 0
    }

    /// Amounts under a collection hold on `day`: started, not expired, not released.
    static func holdCents(account: String, on day: Int, in db: Database) throws -> Int64 {
        try Int64.fetchOneCached(db, sql: """
            SELECT COALESCE(SUM(amount_cents), 0) FROM hold
            WHERE account_number = ? AND start_day <= ? AND expiry_day >= ? AND (released_day IS NULL OR released_day > ?)
            """, arguments: [account, day, day, day]) ?? 0
    }

    /// Disputed plus held: what notices and disconnection must leave aside.
    static func heldCents(account: String, on day: Int, in db: Database) throws -> Int64 {
        try disputedCents(account: account, on: day, in: db) + holdCents(account: account, on: day, in: db)
    }

    static func pledge(_ id: Int64, in db: Database) throws -> Settle_Collections_V1_Pledge? {
        try Row.fetchOneCached(db, sql: "SELECT * FROM pledge WHERE id = ?", arguments: [id]).map(pledge(from:))
    }

    /// An account's pledges, newest first.
    static func pledges(account: String, in db: Database) throws -> [Settle_Collections_V1_Pledge] {
        try Row.fetchAllCached(db, sql: "SELECT * FROM pledge WHERE account_number = ? ORDER BY id DESC", arguments: [account]).map(pledge(from:))
    }

    static func pledge(from row: Row) -> Settle_Collections_V1_Pledge {
        var pledge = Settle_Collections_V1_Pledge()
        pledge.id = UInt64(clamping: row["id"] as Int64)
        pledge.accountNumber = row["account_number"]
        pledge.agency = row["agency"]
        pledge.amountCents = row["amount_cents"]
        pledge.pledgedDate = row.dayText("pledged_day")
        pledge.expiryDate = row.dayText("expiry_day")
        pledge.status = row["status"]
        pledge.resolvedDate = row.dayTextOrEmpty("resolved_day")
        pledge.paymentReference = row["payment_reference"]
        pledge.note = row["note"]
        return pledge
    }

    static func dispute(_ id: Int64, in db: Database) throws -> Settle_Collections_V1_Dispute? {
        try Row.fetchOneCached(db, sql: "SELECT * FROM dispute WHERE id = ?", arguments: [id]).map { row in
            var dispute = Settle_Collections_V1_Dispute()
            dispute.id = UInt64(clamping: row["id"] as Int64)
            dispute.accountNumber = row["account_number"]
            dispute.amountCents = row["amount_cents"]
            dispute.openedDate = row.dayText("opened_day")
            dispute.closedDate = row.dayTextOrEmpty("closed_day")
            dispute.description_p = row["description"]
            dispute.resolution = row["resolution"]
            return dispute
        }
    }

    static func hold(_ id: Int64, in db: Database) throws -> Settle_Collections_V1_Hold? {
        try Row.fetchOneCached(db, sql: "SELECT * FROM hold WHERE id = ?", arguments: [id]).map { row in
            var hold = Settle_Collections_V1_Hold()
            hold.id = UInt64(clamping: row["id"] as Int64)
            hold.accountNumber = row["account_number"]
            hold.amountCents = row["amount_cents"]
            hold.reason = row["reason"]
            hold.startDate = row.dayText("start_day")
            hold.expiryDate = row.dayText("expiry_day")
            hold.releasedDate = row.dayTextOrEmpty("released_day")
            return hold
        }
    }
}
