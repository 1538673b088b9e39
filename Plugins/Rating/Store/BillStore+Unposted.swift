import GRDB
import SettleContracts

/// Issued bills whose charges never reached Collections.
extension BillStore {
    /// A cycle's issued bills of a period that are neither marked posted nor carried by a
    /// confirmed batch posting, oldest first: what an interrupted run left to post.
    static func unposted(cycle: UInt32, period: String, in db: Database) throws -> [Settle_Rating_V1_Bill] {
        try bills(sql: """
            SELECT body, \(postedColumn) FROM bill WHERE cycle = ? AND period = ? AND status = 'issued' AND bill.posted = 0
            AND NOT EXISTS (SELECT 1 FROM bill_posting p WHERE p.key = bill.posting_key) ORDER BY id
            """,
            arguments: [cycle, period], in: db)
    }
}
