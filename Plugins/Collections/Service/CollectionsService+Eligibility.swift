import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Weather import and the disconnection decision, evaluated for every noticed account in
/// one pass: ledger reads from one snapshot, Accounts facts fetched once in bulk, and the
/// decisions stored in one transaction.
extension CollectionsService {
    func importWeather(_ request: Settle_Collections_V1_ImportWeatherRequest, context: ServerContext) async throws -> Settle_Collections_V1_ImportWeatherResponse {
        let parsed = WeatherFile.parse(request.csv)
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            try WeatherStore.upsert(parsed.rows, in: db)
            var response = Settle_Collections_V1_ImportWeatherResponse()
            response.rows = UInt32(parsed.rows.count + parsed.rejected.count)
            response.stored = UInt32(parsed.rows.count)
            response.rejected = parsed.rejected.map { rejection in
                var row = Settle_Collections_V1_RejectedRow()
                row.line = rejection.line
                row.reason = rejection.reason
                row.text = rejection.text
                return row
            }
            try audit.record(entity: "weather", after: AuditJSON.object(["stored": response.stored, "rejected": response.rejected.count]))
            return response
        }
    }

    func evaluateEligibility(
        _ request: Settle_Collections_V1_EvaluateEligibilityRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_EvaluateEligibilityResponse {
        let asOf = try LocalDate.parse(request.asOf, field: "as_of").dayNumber
        var found = try await store.read { db in try NoticeStore.latestDisconnectNotices(asOf: asOf, only: request.accountNumber, in: db) }
        if !request.accountNumber.isEmpty, found.isEmpty {
            // One account asked without a notice: every rule is still explained (the notice
            // rule fails), so anyone can see why it could or could not be disconnected.
            try await requireAccount(request.accountNumber)
            found = [(account: request.accountNumber, id: 0, issued: Int.max, disconnect: Int.max)]
        }
        let noticed = found
        // Accounts' facts and the ledger's side are gathered at the same time, from a read
        // snapshot; the write transaction only stores the decisions.
        async let fetchedFacts = accounts.facts(for: Set(noticed.map(\.account)))
        var side = try await store.read { db in try Self.ledgerSide(of: noticed, asOf: asOf, in: db) }
        let facts = try await fetchedFacts
        // An account under a bankruptcy case: its position split at the petition date, with
        // stayed payments held to post-petition debt (few accounts: one read each).
        let stays = facts.compactMapValues { BankruptcyStay.latest(of: $0.bankruptcies, on: asOf) }
        if !stays.isEmpty {
            let plain = side.inputs
            side.inputs = try await store.read { db in
                try plain.map { side in
                    guard let stay = stays[side.notice.account] else { return side }
                    var updated = side
                    updated.position = try LedgerStore.position(account: side.notice.account, on: asOf, stay: stay, in: db)
                    return updated
                }
            }
        }
        let ledger = side
        // The utility's one holiday calendar, read once for the run.
        let calendar = try await holidays?.holidays(around: asOf...asOf) ?? []
        let zones = Set(facts.values.flatMap(\.weatherZones))
        let weather = try await store.read { db in try WeatherStore.load(zones: zones, days: (asOf - 2)...asOf, in: db) }
        // Deciding and serializing each explained decision happen off the event loop and
        // outside the write transaction, which then only inserts rows.
        let decisions = try await offTheEventLoop {
            try ledger.inputs.map { side in
                let decision = EligibilityRules.decide(EligibilityInput(
                    account: side.notice.account, asOf: asOf, position: side.position, noticeID: side.notice.id,
                    noticeIssuedDay: side.notice.issued, disconnectDay: side.notice.disconnect, disputed: side.disputed, held: side.held,
                    arrangementBrokenDay: side.brokenDay, arrangementInGoodStanding: side.goodStanding, facts: facts[side.notice.account],
                    weather: weather, pledge: side.pledge, policy: ledger.policy, holidays: ledger.holidays.union(calendar)))
                return (decision: decision, rules: try decision.serializedBytes() as [UInt8])
            }
        }
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let insert = try EligibilityStore.decisionInsert(in: db)
            var response = Settle_Collections_V1_EvaluateEligibilityResponse()
            if !request.countsOnly { response.decisions.reserveCapacity(decisions.count) }
            for (decision, rules) in decisions {
                try EligibilityStore.write(decision, rules: rules, asOf: asOf, with: insert)
                if decision.eligible { response.eligible += 1 } else { response.notEligible += 1 }
                if !request.countsOnly {
                    var stored = decision
                    stored.id = UInt64(clamping: db.lastInsertedRowID)
                    response.decisions.append(stored)
                }
            }
            try audit.record(entity: "eligibility/\(LocalDate(dayNumber: asOf))", after: AuditJSON.object([
                "account": request.accountNumber, "eligible": response.eligible, "not_eligible": response.notEligible]))
            return response
        }
    }

    /// What the ledger says about each noticed account on the day, read in one snapshot.
    struct LedgerSide: Sendable {
        struct Account: Sendable {
            var notice: NoticedAccount
            var position: AccountPosition
            var disputed: Int64
            var held: Int64
            var brokenDay: Int?
            var goodStanding: Bool
            var pledge: (agency: String, cents: Int64, expiryDay: Int)?
        }
        var policy: Settle_Collections_V1_Policy
        var holidays: Set<Int>
        var inputs: [Account]
    }

    static func ledgerSide(of noticed: [NoticedAccount], asOf: Int, in db: Database) throws -> LedgerSide {
        let policy = try PolicyStore.load(in: db)
        let cases = try CaseSnapshot.load(on: asOf, in: db)
        // Every noticed account's position from one scan of the ledger index.
        var positions: [String: AccountPosition] = [:]
        positions.reserveCapacity(noticed.count)
        try LedgerScan.positions(through: asOf, accounts: noticed.map(\.account), in: db) { account, _, position in
            positions[account] = position
        }
        var inputs: [LedgerSide.Account] = []
        inputs.reserveCapacity(noticed.count)
        for notice in noticed {
            let (goodStanding, brokenDay) = try ArrangementSchedule.summary(cases.arrangements[notice.account] ?? [], on: asOf, in: db)
            inputs.append(LedgerSide.Account(
                notice: notice, position: positions[notice.account] ?? AccountPosition(),
                disputed: cases.disputed[notice.account] ?? 0, held: cases.held[notice.account] ?? 0,
                brokenDay: brokenDay, goodStanding: goodStanding, pledge: cases.pledges[notice.account]))
        }
        return LedgerSide(policy: policy, holidays: PolicyStore.holidays(policy), inputs: inputs)
    }

    func listEligibilityDecisions(
        _ request: Settle_Collections_V1_ListEligibilityDecisionsRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_EvaluateEligibilityResponse {
        guard !request.accountNumber.isEmpty || !request.asOf.isEmpty else { throw CollectionsError.required("account_number or as_of") }
        let day = request.asOf.isEmpty ? nil : try LocalDate.parse(request.asOf, field: "as_of").dayNumber
        let limit = request.limit == 0 ? 100 : min(Int(request.limit), 10_000)
        return try await store.read { db in
            var response = Settle_Collections_V1_EvaluateEligibilityResponse()
            for decision in try EligibilityStore.decisions(account: request.accountNumber, day: day, limit: limit, in: db) {
                if decision.eligible { response.eligible += 1 } else { response.notEligible += 1 }
                response.decisions.append(decision)
            }
            return response
        }
    }

    /// The latest disconnect notice of each account served by `asOf` (or of one account).
    typealias NoticedAccount = (account: String, id: Int64, issued: Int, disconnect: Int)
}
