import GRDB
import SettleContracts

/// The bills shadow billing re-rates under a candidate version.
extension BillStore {
    /// A cycle's issued and held bills of a period under one tariff, by id.
    static func shadowed(cycle: UInt32, period: String, tariffCode: String, in db: Database) throws -> [Settle_Rating_V1_Bill] {
        try bills(sql: "SELECT body, \(postedColumn) FROM bill WHERE cycle = ? AND period = ? AND tariff_code = ? AND status IN ('issued', 'held') ORDER BY id",
                  arguments: [cycle, period, tariffCode], in: db)
    }
}
