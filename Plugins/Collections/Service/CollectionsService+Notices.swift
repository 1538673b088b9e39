import GRDB
import SettleContracts
import SettleModuleSDK
import SettleRPC

/// The notice cycle: a past-due notice once past-due (less disputed and held amounts) is above
/// the threshold the configured days after the oldest due date; a disconnect notice the
/// configured days after that, giving a disconnect date at least ten days later.
extension CollectionsService {
    func runNotices(_ request: Settle_Collections_V1_RunNoticesRequest, context: ServerContext) async throws -> Settle_Collections_V1_RunNoticesResponse {
        let asOf = try LocalDate.parse(request.asOf, field: "as_of").dayNumber
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let policy = try PolicyStore.load(in: db)
            var candidates: [(String, AccountPosition)] = []
            try LedgerScan.positions(through: asOf, in: db) { account, _, position in
                if position.pastDue(on: asOf) > Int64(policy.noticeThresholdCents) { candidates.append((account, position)) }
            }
            var response = Settle_Collections_V1_RunNoticesResponse()
            for (account, position) in candidates {
                try NoticeCycle.advance(account: account, position: position, asOf: asOf, policy: policy, response: &response, in: db)
            }
            try audit.record(entity: "notices/\(LocalDate(dayNumber: asOf))", after: AuditJSON.object([
                "past_due_notices": response.pastDueNotices, "disconnect_notices": response.disconnectNotices,
                "skipped_held": response.skippedHeld]))
            return response
        }
    }
}

/// One account's step in the notice cycle on a day.
enum NoticeCycle {
    static func advance(
        account: String, position: AccountPosition, asOf: Int, policy: Settle_Collections_V1_Policy,
        response: inout Settle_Collections_V1_RunNoticesResponse, in db: Database
    ) throws {
        let pastDue = position.pastDue(on: asOf)
        guard let oldest = position.oldestPastDueDay(on: asOf) else { return }
        let held = try CaseStore.heldCents(account: account, on: asOf, in: db)
        var coverageStart = oldest
        for arrangement in try ArrangementSchedule.load(account: account, in: db) where arrangement.startDay <= asOf {
            switch arrangement.standing(on: asOf, paid: try arrangement.paid(through: asOf, in: db)) {
            case .active: return  // an arrangement in good standing stops notices
            case .broken(let day): coverageStart = max(coverageStart, day)
            case .completed: break
            }
        }
        if pastDue - held <= Int64(policy.noticeThresholdCents) {
            response.skippedHeld += 1
            return
        }
        let latest = try Row.fetchOneCached(db, sql: """
            SELECT id, issued_day FROM notice WHERE account_number = ? AND kind = 'past_due' AND issued_day <= ?
            ORDER BY issued_day DESC, id DESC LIMIT 1
            """, arguments: [account, asOf])
        if let latest, (latest["issued_day"] as Int) >= coverageStart {
            // The arrears already have a past-due notice: a disconnect notice follows in time.
            let pastDueNoticeID: Int64 = latest["id"]
            let issued: Int = latest["issued_day"]
            let hasDisconnect = try Int.fetchOneCached(
                db, sql: "SELECT 1 FROM notice WHERE past_due_notice_id = ? AND kind = 'disconnect'", arguments: [pastDueNoticeID]) != nil
            guard !hasDisconnect, asOf >= issued + Int(policy.disconnectNoticeAfterDays) else { return }
            let disconnectDay = asOf + max(10, Int(policy.disconnectNoticeDays))
            try db.executeCached(sql: """
                INSERT INTO notice (account_number, kind, issued_day, past_due_cents, disconnect_day, oldest_due_day, past_due_notice_id)
                VALUES (?, 'disconnect', ?, ?, ?, ?, ?)
                """, arguments: [account, asOf, pastDue - held, disconnectDay, oldest, pastDueNoticeID])
            response.disconnectNotices += 1
        } else {
            guard asOf >= oldest + Int(policy.noticeDaysAfterDue) else { return }
            try db.executeCached(sql: """
                INSERT INTO notice (account_number, kind, issued_day, past_due_cents, oldest_due_day) VALUES (?, 'past_due', ?, ?, ?)
                """, arguments: [account, asOf, pastDue - held, oldest])
            response.pastDueNotices += 1
        }
        if response.notices.count < 10_000, let notice = try notice(id: db.lastInsertedRowID, in: db) {
            response.notices.append(notice)
        }
    }

    static func notice(id: Int64, in db: Database) throws -> Settle_Collections_V1_Notice? {
        try Row.fetchOneCached(db, sql: "SELECT * FROM notice WHERE id = ?", arguments: [id]).map { row in
            var notice = Settle_Collections_V1_Notice()
            notice.id = UInt64(clamping: row["id"] as Int64)
            notice.accountNumber = row["account_number"]
            notice.kind = row["kind"]
            notice.issuedDate = LocalDate(dayNumber: row["issued_day"]).description
            notice.pastDueCents = row["past_due_cents"]
            notice.disconnectDate = (row["disconnect_day"] as Int?).map { LocalDate(dayNumber: $0).description } ?? ""
            notice.oldestDueDate = LocalDate(dayNumber: row["oldest_due_day"]).description
            return notice
        }
    }
}
