import GRDB
import SettleModuleSDK

/// One page of the meter list, each meter with its current install.
extension MeterRepository {
    /// Meters after `pageToken` by serial, filtered on what is given (empty means any), at
    /// most `limit` rows. With `withLastRead` each row also carries `last_read_at` and
    /// `last_interval_day`: one lookup on each table's primary key, so only when asked.
    static func page(
        after pageToken: String, premiseID: String, serviceType: String, status: String, withLastRead: Bool, limit: Int, in db: Database
    ) throws -> [Row] {
        var conditions = ["m.serial > ?"]
        var arguments: StatementArguments = [pageToken]
        if !premiseID.isEmpty {
            conditions.append("i.premise_id = ?")
            arguments += [premiseID]
        }
        if !serviceType.isEmpty {
            conditions.append("m.service_type = ?")
            arguments += [serviceType]
        }
        if !status.isEmpty {
            conditions.append("m.status = ?")
            arguments += [status]
        }
        arguments += [limit]
        let lastRead = withLastRead
            ? ", (SELECT MAX(r.read_at) FROM register_read r WHERE r.meter_id = m.id) AS last_read_at, (SELECT MAX(d.day) FROM interval_day d WHERE d.meter_id = m.id) AS last_interval_day"
            : ""
        let sql = """
            SELECT \(MeterRecord.columns(qualifiedBy: "m")), i.id AS install_id, i.premise_id, i.installed_on\(lastRead) FROM meter m
            LEFT JOIN meter_install i ON i.meter_id = m.id AND i.removed_on IS NULL
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY m.serial LIMIT ?
            """
        return try Row.fetchAllCached(db, sql: sql, arguments: arguments)
    }
}
