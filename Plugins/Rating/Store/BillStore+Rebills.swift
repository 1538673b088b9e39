import GRDB
import SettleModuleSDK

/// Rebills: bills that replace a cancelled one.
extension BillStore {
    /// How many rebills an agreement's period has had: the next one's id is numbered after them.
    static func rebillCount(agreementID: UInt64, period: String, in db: Database) throws -> Int {
        try Int.fetchOneCached(db, sql: "SELECT COUNT(*) FROM bill WHERE replaces != '' AND agreement_id = ? AND period = ?", arguments: [Int64(agreementID), period]) ?? 0
    }
}
