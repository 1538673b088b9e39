import GRDB
import SettleContracts

/// The bills a tariff comparison rates again under the candidate.
extension BillStore {
    /// An agreement's issued bills, newest first (a rebill replaces its original, which is cancelled).
    static func issued(agreementID: UInt64, in db: Database) throws -> [Settle_Rating_V1_Bill] {
        try bills(sql: "SELECT body, \(postedColumn) FROM bill WHERE agreement_id = ? AND status = 'issued' ORDER BY period DESC, id DESC",
                  arguments: [Int64(agreementID)], in: db)
    }
}
