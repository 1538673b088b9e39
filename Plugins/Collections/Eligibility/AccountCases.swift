import GRDB
import SettleContracts

/// One account's notices, disputes, holds and arrangements, oldest first, read through the
/// tables' account indexes: what a research summary shows beside the ledger.
enum AccountCases {
    static func of(_ account: String, on day: Int, in db: Database) throws -> Settle_Collections_V1_GetAccountCasesResponse {
        var cases = Settle_Collections_V1_GetAccountCasesResponse()
        cases.notices = try Int64.fetchAll(db, sql: "SELECT id FROM notice WHERE account_number = ? ORDER BY issued_day, id", arguments: [account])
            .compactMap { try NoticeCycle.notice(id: $0, in: db) }
        cases.disputes = try Int64.fetchAll(db, sql: "SELECT id FROM dispute WHERE account_number = ? ORDER BY opened_day, id", arguments: [account])
            .compactMap { try CaseStore.dispute($0, in: db) }
        cases.holds = try Int64.fetchAll(db, sql: "SELECT id FROM hold WHERE account_number = ? ORDER BY start_day, id", arguments: [account])
            .compactMap { try CaseStore.hold($0, in: db) }
        cases.arrangements = try ArrangementSchedule.load(account: account, in: db).map { try $0.proto(on: day, in: db) }
        return cases
    }
}
