import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The notice cycle: a past-due notice once the collectible past due is above the notice
/// threshold the configured days after the oldest due date; a disconnect notice the configured
/// days after that, giving a disconnect date at least ten days later, when the collectible
/// past due is above the disconnect threshold. Every account past due above the notice
/// threshold that gets no notice is listed with why.
extension CollectionsService {
    func runNotices(_ request: Settle_Collections_V1_RunNoticesRequest, context: ServerContext) async throws -> Settle_Collections_V1_RunNoticesResponse {
        let asOf = try LocalDate.parse(request.asOf, field: "as_of").dayNumber
        // The accounts past due are found first so that Accounts is asked once, in bulk, for
        // their bankruptcy cases; the transaction then reads their positions again.
        let candidates = try await store.read { db in try NoticeCycle.candidates(asOf: asOf, in: db) }
        let stays = try await bankruptcyStays(for: Set(candidates), on: asOf)
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let policy = try PolicyStore.load(in: db)
            var response = Settle_Collections_V1_RunNoticesResponse()
            var positions: [(String, AccountPosition)] = []
            try LedgerScan.positions(through: asOf, accounts: try NoticeCycle.candidates(asOf: asOf, in: db), in: db) { account, _, position in
                positions.append((account, position))
            }
            for (account, plain) in positions {
                let stay = stays[account]
                let position = stay == nil ? plain : try LedgerStore.position(account: account, on: asOf, stay: stay, in: db)
                try NoticeCycle.advance(account: account, position: position, stay: stay, asOf: asOf, policy: policy, response: &response, in: db)
            }
            try audit.record(entity: "notices/\(LocalDate(dayNumber: asOf))", after: AuditJSON.object([
                "past_due_notices": response.pastDueNotices, "disconnect_notices": response.disconnectNotices,
                "skipped_held": response.skippedHeld, "skipped": response.skipped.count]))
            return response
        }
    }

    /// The bankruptcy case that matters on `day` for each of `accounts` that has one (from Accounts).
    func bankruptcyStays(for accounts: Set<String>, on day: Int) async throws -> [String: BankruptcyStay] {
        guard !accounts.isEmpty else { return [:] }
        var stays: [String: BankruptcyStay] = [:]
        for (account, facts) in try await self.accounts.facts(for: accounts) {
            if let stay = BankruptcyStay.latest(of: facts.bankruptcies, on: day) { stays[account] = stay }
        }
        return stays
    }

    func listNotices(_ request: Settle_Collections_V1_ListNoticesRequest, context: ServerContext) async throws -> Settle_Collections_V1_ListNoticesResponse {
        guard !request.accountNumber.isEmpty else { throw CollectionsError.required("account_number") }
        return try await store.read { db in
            var response = Settle_Collections_V1_ListNoticesResponse()
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM notice WHERE account_number = ? ORDER BY issued_day DESC, id DESC LIMIT 1000",
                                         arguments: [request.accountNumber]) {
                if let notice = try NoticeCycle.notice(id: id, in: db) { response.notices.append(notice) }
            }
            return response
        }
    }
}

/// One account's step in the notice cycle on a day.
enum NoticeCycle {
    /// Accounts whose past due on the day is above the notice threshold.
    static func candidates(asOf: Int, in db: Database) throws -> [String] {
        let threshold = try PolicyStore.load(in: db).noticeThresholdCents
        var accounts: [String] = []
        try LedgerScan.positions(through: asOf, in: db) { account, _, position in
            if position.pastDue(on: asOf) > threshold { accounts.append(account) }
        }
        return accounts
    }

    static func advance(
        account: String, position: AccountPosition, stay: BankruptcyStay?, asOf: Int, policy: Settle_Collections_V1_Policy,
        response: inout Settle_Collections_V1_RunNoticesResponse, in db: Database
    ) throws {
        let pastDue = position.pastDue(on: asOf)
        func skip(_ reason: String, _ detail: String, collectible: Int64) {
            guard response.skipped.count < 10_000 else { return }
            var skipped = Settle_Collections_V1_NoticeSkip()
            skipped.accountNumber = account
            skipped.reason = reason
            skipped.detail = detail
            skipped.pastDueCents = pastDue
            skipped.collectibleCents = max(0, collectible)
            response.skipped.append(skipped)
        }
        // Under the stay pre-petition debt draws no notice: only post-petition past due counts,
        // and a notice served before the petition does not cover it.
        let stayed = stay?.inForce(on: asOf) == true
        let base = stayed ? position.postPetitionPastDue(on: asOf) : pastDue
        guard let oldest = position.oldestPastDueDay(on: asOf, postPetitionOnly: stayed) else {
            skip("bankruptcy_stay", "all \(Dollars.plain(pastDue)) past due is pre-petition debt under bankruptcy case \(stay?.caseNumber ?? "")", collectible: 0)
            return
        }
        var coverageStart = oldest
        if stayed, let stay { coverageStart = max(coverageStart, stay.petitionDay) }
        let arrangements = try ArrangementSchedule.summary(ArrangementSchedule.load(account: account, in: db), on: asOf, in: db)
        if arrangements.goodStanding {
            skip("arrangement", "a payment arrangement is in good standing", collectible: 0)
            return
        }
        if let broken = arrangements.brokenDay { coverageStart = max(coverageStart, broken) }
        let held = try CaseStore.heldCents(account: account, on: asOf, in: db)
        let collectible = base - held
        let noticeThreshold = Int64(policy.noticeThresholdCents)
        if collectible <= noticeThreshold {
            let why = stayed && base < pastDue
                ? "post-petition past due \(Dollars.plain(base)) less \(Dollars.plain(held)) disputed or held"
                : "past due \(Dollars.plain(pastDue)) less \(Dollars.plain(held)) disputed or held"
            skip(stayed && base <= noticeThreshold ? "bankruptcy_stay" : "held",
                 "\(why) is \(Dollars.plain(collectible)), not above the notice threshold \(Dollars.plain(noticeThreshold))", collectible: collectible)
            if !(stayed && base <= noticeThreshold) { response.skippedHeld += 1 }
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
            if hasDisconnect {
                skip("already_noticed", "disconnect notice already served for past-due notice \(pastDueNoticeID)", collectible: collectible)
                return
            }
            let due = issued + Int(policy.disconnectNoticeAfterDays)
            guard asOf >= due else {
                skip("not_yet_due", "past-due notice \(pastDueNoticeID) of \(LocalDate(dayNumber: issued)); the disconnect notice is due from \(LocalDate(dayNumber: due))",
                     collectible: collectible)
                return
            }
            let disconnectThreshold = policy.disconnectThresholdCents
            guard collectible > disconnectThreshold else {
                skip(stayed && base - held <= disconnectThreshold && base < pastDue ? "bankruptcy_stay" : "held",
                     "collectible past due \(Dollars.plain(collectible)) is not above the disconnect threshold \(Dollars.plain(disconnectThreshold))",
                     collectible: collectible)
                return
            }
            let disconnectDay = asOf + max(10, Int(policy.disconnectNoticeDays))
            try db.executeCached(sql: """
                INSERT INTO notice (account_number, kind, issued_day, past_due_cents, disconnect_day, oldest_due_day, past_due_notice_id)
                VALUES (?, 'disconnect', ?, ?, ?, ?, ?)
                """, arguments: [account, asOf, collectible, disconnectDay, oldest, pastDueNoticeID])
            response.disconnectNotices += 1
        } else {
            let due = oldest + Int(policy.noticeDaysAfterDue)
            guard asOf >= due else {
                skip("not_yet_due", "oldest past due is from \(LocalDate(dayNumber: oldest)); a past-due notice is due from \(LocalDate(dayNumber: due))",
                     collectible: collectible)
                return
            }
            try db.executeCached(sql: """
                INSERT INTO notice (account_number, kind, issued_day, past_due_cents, oldest_due_day) VALUES (?, 'past_due', ?, ?, ?)
                """, arguments: [account, asOf, collectible, oldest])
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
