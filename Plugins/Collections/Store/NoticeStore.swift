import GRDB
import SettleModuleSDK
import SettleContracts

/// Reads and writes of past-due and disconnect notices.
enum NoticeStore {
    static func notice(id: Int64, in db: Database) throws -> Settle_Collections_V1_Notice? {
        try Row.fetchOneCached(db, sql: "SELECT * FROM notice WHERE id = ?", arguments: [id]).map { row in
            var notice = Settle_Collections_V1_Notice()
            notice.id = UInt64(clamping: row["id"] as Int64)
            notice.accountNumber = row["account_number"]
            notice.kind = row["kind"]
            notice.issuedDate = row.dayText("issued_day")
            notice.pastDueCents = row["past_due_cents"]
            notice.disconnectDate = row.dayTextOrEmpty("disconnect_day")
            notice.oldestDueDate = row.dayText("oldest_due_day")
            return notice
        }
    }

    /// Every notice of an account, oldest issued first (a research summary).
    static func noticeIDs(account: String, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT id FROM notice WHERE account_number = ? ORDER BY issued_day, id", arguments: [account])
    }

    /// An account's newest 1,000 notices, newest issued first (a listing).
    static func recentNoticeIDs(account: String, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT id FROM notice WHERE account_number = ? ORDER BY issued_day DESC, id DESC LIMIT 1000",
                           arguments: [account])
    }

    /// The account's latest past-due notice issued by `day`, if any.
    static func latestPastDueNotice(account: String, by day: Int, in db: Database) throws -> (id: Int64, issuedDay: Int)? {
        try Row.fetchOneCached(db, sql: """
            SELECT id, issued_day FROM notice WHERE account_number = ? AND kind = 'past_due' AND issued_day <= ?
            ORDER BY issued_day DESC, id DESC LIMIT 1
            """, arguments: [account, day]).map { ($0["id"], $0["issued_day"]) }
    }

    /// Whether a disconnect notice already follows past-due notice `id`.
    static func hasDisconnectNotice(following id: Int64, in db: Database) throws -> Bool {
        try Int.fetchOneCached(db, sql: "SELECT 1 FROM notice WHERE past_due_notice_id = ? AND kind = 'disconnect'", arguments: [id]) != nil
    }

    /// Serves a past-due notice and returns its id.
    static func insertPastDueNotice(account: String, issuedDay: Int, pastDueCents: Int64, oldestDueDay: Int, in db: Database) throws -> Int64 {
        try db.executeCached(sql: """
            INSERT INTO notice (account_number, kind, issued_day, past_due_cents, oldest_due_day) VALUES (?, 'past_due', ?, ?, ?)
            """, arguments: [account, issuedDay, pastDueCents, oldestDueDay])
        return db.lastInsertedRowID
    }

    /// Serves a disconnect notice following past-due notice `pastDueNoticeID` and returns its id.
    static func insertDisconnectNotice(
        account: String, issuedDay: Int, pastDueCents: Int64, disconnectDay: Int, oldestDueDay: Int, pastDueNoticeID: Int64, in db: Database
    ) throws -> Int64 {
        try db.executeCached(sql: """
            INSERT INTO notice (account_number, kind, issued_day, past_due_cents, disconnect_day, oldest_due_day, past_due_notice_id)
            VALUES (?, 'disconnect', ?, ?, ?, ?, ?)
            """, arguments: [account, issuedDay, pastDueCents, disconnectDay, oldestDueDay, pastDueNoticeID])
        return db.lastInsertedRowID
    }

    /// The latest disconnect notice of each account served by `asOf` (or of one account), in
    /// account order: who an eligibility run decides for. One query, however many accounts.
    static func latestDisconnectNotices(asOf: Int, only account: String, in db: Database) throws -> [CollectionsService.NoticedAccount] {
        let filter = account.isEmpty ? "" : "AND account_number = ?"
        var arguments: StatementArguments = [asOf]
        if !account.isEmpty { arguments += [account] }
        return try Row.fetchAllCached(db, sql: """
            SELECT n.account_number, n.id, n.issued_day, n.disconnect_day FROM notice n
            JOIN (SELECT MAX(id) AS id FROM notice WHERE kind = 'disconnect' AND issued_day <= ? \(filter) GROUP BY account_number) latest
              ON latest.id = n.id
            ORDER BY n.account_number
            """, arguments: arguments).map { row in
            (row[0], row[1], row[2], (row[3] as Int?) ?? Int.max)
        }
    }
}
