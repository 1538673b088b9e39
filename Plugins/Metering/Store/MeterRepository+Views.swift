import GRDB
import SettleModuleSDK

/// The reads a specialist's view of a meter shows.
extension MeterRepository {
    /// A meter's latest 12 reads, newest first.
    static func recentReads(meterID: Int64, in db: Database) throws -> [RegisterReadRecord] {
        try Row.fetchAllCached(
            db, sql: "SELECT \(RegisterReadRecord.columns) FROM register_read WHERE meter_id = ? ORDER BY read_at DESC, channel LIMIT 12", arguments: [meterID]
        ).map(RegisterReadRecord.init(row:))
    }

    /// The channels with an install read at `instant`, the start of the install day.
    static func installReadChannels(meterID: Int64, at instant: Int64, in db: Database) throws -> Set<MeterChannel> {
        let reads = try Row.fetchAllCached(
            db, sql: "SELECT channel FROM register_read WHERE meter_id = ? AND kind = ? AND read_at = ?",
            arguments: [meterID, ReadKind.install.rawValue, instant])
        return Set(reads.compactMap { MeterChannel(rawValue: $0["channel"]) })
    }
}
