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
            for id in try NoticeStore.recentNoticeIDs(account: request.accountNumber, in: db) {
                if let notice = try NoticeStore.notice(id: id, in: db) { response.notices.append(notice) }
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
        let arrangements = try ArrangementSchedule.summary(ArrangementStore.arrangements(account: account, in: db), on: asOf, in: db)
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
        let latest = try NoticeStore.latestPastDueNotice(account: account, by: asOf, in: db)
        let id: Int64
        if let latest, latest.issuedDay >= coverageStart {
            // The arrears already have a past-due notice: a disconnect notice follows in time.
            let pastDueNoticeID = latest.id
            let issued = latest.issuedDay
            let hasDisconnect = try NoticeStore.hasDisconnectNotice(following: pastDueNoticeID, in: db)
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
            id = try NoticeStore.insertDisconnectNotice(
                account: account, issuedDay: asOf, pastDueCents: collectible, disconnectDay: disconnectDay, oldestDueDay: oldest,
                pastDueNoticeID: pastDueNoticeID, in: db)
            response.disconnectNotices += 1
        } else {
            let due = oldest + Int(policy.noticeDaysAfterDue)
            guard asOf >= due else {
                skip("not_yet_due", "oldest past due is from \(LocalDate(dayNumber: oldest)); a past-due notice is due from \(LocalDate(dayNumber: due))",
                     collectible: collectible)
                return
            }
            id = try NoticeStore.insertPastDueNotice(account: account, issuedDay: asOf, pastDueCents: collectible, oldestDueDay: oldest, in: db)
            response.pastDueNotices += 1
        }
        if response.notices.count < 10_000, let notice = try NoticeStore.notice(id: id, in: db) {
            response.notices.append(notice)
        }
    }
}
