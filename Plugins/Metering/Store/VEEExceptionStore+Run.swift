import Foundation
import GRDB
import SettleDomain
import SettleModuleSDK

/// The statements of a VEE run and of a person's resolution on `vee_exception`.
extension VEEExceptionStore {
    /// The exceptions of a cycle's period a person already acted on (anything not `open`):
    /// a new run keeps those decisions instead of raising the exception again.
    static func decided(cycle: Int, period: YearMonth, in db: Database) throws -> [Row] {
        try Row.fetchAllCached(db, sql: "SELECT agreement_id, type, meter_serial, basis, status FROM vee_exception WHERE cycle = ? AND period = ? AND status <> 'open'", arguments: [cycle, period.description])
    }

    /// Removes the period's exceptions still waiting for a person, which the run replaces.
    static func deleteUnresolved(cycle: Int, period: YearMonth, in db: Database) throws {
        try db.executeCached(sql: "DELETE FROM vee_exception WHERE cycle = ? AND period = ? AND status IN ('open', 'reread_requested')", arguments: [cycle, period.description])
    }

    /// Records a person's decision on an exception, stamped now.
    static func resolve(id: Int64, status: String, resolution: String, actor: String, in db: Database) throws {
        try db.executeCached(
            sql: "UPDATE vee_exception SET status = ?, resolution = ?, resolved_by = ?, resolved_at = ? WHERE id = ?",
            arguments: [status, resolution, actor, UTCTimestamp.string(from: Date()), id])
    }

    /// A cycle's exceptions, in one period or all, unresolved only unless asked otherwise.
    static func list(cycle: Int, period: YearMonth?, includeResolved: Bool, in db: Database) throws -> [Row] {
        var conditions = ["cycle = ?"]
        var arguments: StatementArguments = [cycle]
        if let period {
            conditions.append("period = ?")
            arguments += [period.description]
        }
        if !includeResolved { conditions.append("status IN ('open', 'reread_requested')") }
        let sql = "SELECT * FROM vee_exception WHERE \(conditions.joined(separator: " AND ")) ORDER BY period, account_number, id"
        return try Row.fetchAllCached(db, sql: sql, arguments: arguments)
    }
}
