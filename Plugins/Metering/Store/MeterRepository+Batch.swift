import GRDB
import SettleModuleSDK

/// The queries of a batch load: many premises' installs, or many meters' reads, at once.
///
/// A billing run asks for a thousand premises a batch; a query per premise costs more in
/// per-query overhead than in SQLite's own work. Each query takes up to `batchLimit` ids,
/// padded to exactly that many so every query has the same SQL and stays cached.
extension MeterRepository {
    /// Premises or meters per query: well under SQLite's limit on bound parameters.
    static let batchLimit = 500

    /// The installs (with their meters) at any of up to `batchLimit` premises.
    static func installedMeters(premiseIDs: ArraySlice<String>, in db: Database) throws -> [(install: InstallRecord, meter: MeterRecord)] {
        try db.fetchCached(
            sql: "SELECT \(installColumns) FROM meter_install i JOIN meter m ON m.id = i.meter_id WHERE i.premise_id IN (\(marks))",
            arguments: StatementArguments(padded(premiseIDs))
        ) { row in (InstallRecord(row: row), MeterRecord(row: row, startingAt: InstallRecord.columnCount)) }
    }

    /// The reads of up to `batchLimit` meters in `[from, to)` (UTC seconds), in no particular order.
    static func reads(meterIDs: ArraySlice<Int64>, from: Int64, to: Int64, in db: Database) throws -> [RegisterReadRecord] {
        try db.fetchCached(
            sql: "SELECT \(RegisterReadRecord.columns) FROM register_read WHERE meter_id IN (\(marks)) AND read_at >= ? AND read_at < ?",
            arguments: StatementArguments(padded(meterIDs).map { $0 as any DatabaseValueConvertible } + [from, to]), RegisterReadRecord.init(row:))
    }

    private static let installColumns = "\(InstallRecord.columns(qualifiedBy: "i")), \(MeterRecord.columns(qualifiedBy: "m"))"

    private static let marks = Array(repeating: "?", count: batchLimit).joined(separator: ", ")

    /// A chunk filled up to `batchLimit` by repeating its last value (a repeated value in
    /// `IN (…)` matches nothing more), so every query has the same SQL and stays cached.
    private static func padded<Value>(_ chunk: ArraySlice<Value>) -> [Value] {
        guard let last = chunk.last else { return [] }
        return Array(chunk) + Array(repeating: last, count: batchLimit - chunk.count)
    }
}
