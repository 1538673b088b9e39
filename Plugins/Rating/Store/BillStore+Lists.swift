import GRDB
import SettleContracts

/// The bills `ListBills` returns: a cycle's of one period, or some agreements' over time.
extension BillStore {
    /// A cycle's bills of a period, of one status unless `status` is empty, by id.
    static func bills(cycle: UInt32, period: String, status: String, in db: Database) throws -> [Settle_Rating_V1_Bill] {
        var sql = "SELECT body, \(postedColumn) FROM bill WHERE cycle = ? AND period = ?"
        var arguments: StatementArguments = [cycle, period]
        if !status.isEmpty {
            sql += " AND status = ?"
            arguments += [status]
        }
        return try bills(sql: sql + " ORDER BY id", arguments: arguments, in: db)
    }

    /// Every bill of some agreements from `fromPeriod` on, of one status unless `status` is
    /// empty, oldest period first (through the `bill_by_agreement` index).
    static func bills(agreementIDs: [UInt64], fromPeriod: String, status: String, in db: Database) throws -> [Settle_Rating_V1_Bill] {
        let marks = Array(repeating: "?", count: agreementIDs.count).joined(separator: ",")
        var sql = "SELECT body, \(postedColumn) FROM bill WHERE agreement_id IN (\(marks)) AND period >= ?"
        var arguments = StatementArguments(agreementIDs.map { Int64(clamping: $0) })
        arguments += [fromPeriod]
        if !status.isEmpty {
            sql += " AND status = ?"
            arguments += [status]
        }
        return try bills(sql: sql + " ORDER BY period, id", arguments: arguments, in: db)
    }
}
