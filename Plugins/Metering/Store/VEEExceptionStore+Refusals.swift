import GRDB
import SettleDomain
import SettleModuleSDK

/// The `negative_consumption` exceptions still waiting for a person: register falls VEE
/// refused as rollovers, which withhold the period's consumption from billing.
extension VEEExceptionStore {
    /// A cycle's period's refusals, oldest first.
    static func refusedRollovers(cycle: Int, period: YearMonth, in db: Database) throws -> [Row] {
        try Row.fetchAllCached(db, sql: """
            SELECT id, agreement_id, measured FROM vee_exception
            WHERE cycle = ? AND period = ? AND type = 'negative_consumption' AND status IN ('open', 'reread_requested') ORDER BY id
            """, arguments: [cycle, period.description])
    }

    /// The first refusal of a read of an agreement's meters in `(from, to]`, if any.
    static func refusedRollover(agreementID: UInt64, from: Int64, to: Int64, in db: Database) throws -> Row? {
        try Row.fetchOneCached(db, sql: """
            SELECT id, agreement_id, measured FROM vee_exception
            WHERE agreement_id = ? AND type = 'negative_consumption' AND status IN ('open', 'reread_requested') AND read_at > ? AND read_at <= ?
            ORDER BY id LIMIT 1
            """, arguments: [Int64(bitPattern: agreementID), from, to])
    }
}
