import GRDB
import SettleModuleSDK

/// Plain sums of the ledger, without open-item accounting.
extension LedgerStore {
    /// An account's balance: every entry ever posted to it, summed.
    static func balance(account: String, in db: Database) throws -> Int64 {
        try Int64.fetchOneCached(db, sql: "SELECT COALESCE(SUM(amount_cents), 0) FROM ledger_entry WHERE account_number = ?", arguments: [account]) ?? 0
    }

    /// Every entry dated by `day`, summed: what the aging's portfolio must tie to.
    static func total(through day: Int, in db: Database) throws -> Int64 {
        try Int64.fetchOneCached(db, sql: "SELECT COALESCE(SUM(amount_cents), 0) FROM ledger_entry WHERE entry_day <= ?", arguments: [day]) ?? 0
    }

    /// Each kind's sum and count of entries: the trial balance's plain side.
    static func sumsByKind(in db: Database) throws -> [(kind: String, cents: Int64, count: Int64)] {
        try Row.fetchAllCached(db, sql: "SELECT kind, SUM(amount_cents), COUNT(*) FROM ledger_entry GROUP BY kind").map { ($0[0], $0[1], $0[2]) }
    }
}
