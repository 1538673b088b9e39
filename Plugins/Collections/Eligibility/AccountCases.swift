import GRDB
import SettleContracts

/// One account's notices, disputes, holds and arrangements, oldest first, read through the
/// tables' account indexes: what a research summary shows beside the ledger.
enum AccountCases {
    static func of(_ account: String, on day: Int, in db: Database) throws -> Settle_Collections_V1_GetAccountCasesResponse {
        var cases = Settle_Collections_V1_GetAccountCasesResponse()
        cases.notices = try NoticeStore.noticeIDs(account: account, in: db)
            .compactMap { try NoticeStore.notice(id: $0, in: db) }
        cases.disputes = try CaseStore.disputeIDs(account: account, in: db)
            .compactMap { try CaseStore.dispute($0, in: db) }
        cases.holds = try CaseStore.holdIDs(account: account, in: db)
            .compactMap { try CaseStore.hold($0, in: db) }
        cases.arrangements = try ArrangementStore.arrangements(account: account, in: db).map { try $0.proto(on: day, in: db) }
        return cases
    }
}
