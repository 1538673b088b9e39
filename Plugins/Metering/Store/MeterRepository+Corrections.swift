import GRDB
import SettleModuleSDK

/// Reads VEE writes in place of what the meter gave: estimates and a person's corrections.
extension MeterRepository {
    /// Inserts an estimated read unless the meter already has a read of that channel at
    /// that instant (a read that arrived meanwhile wins over the estimate).
    static func insertEstimate(_ read: RegisterReadRecord, in db: Database) throws {
        try db.executeCached(
            sql: "INSERT INTO register_read (meter_id, channel, read_at, value, kind) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            arguments: [read.meterID, read.channel.rawValue, read.readAt, read.value, ReadKind.estimated.rawValue])
    }

    /// Replaces a stored read's value and kind, keeping the value first stored in
    /// `original_value` (a second correction does not overwrite it).
    static func overwriteRead(meterID: Int64, channel: MeterChannel, at instant: Int64, value: Int64, kind: ReadKind, original: Int64, in db: Database) throws {
        try db.executeCached(
            sql: "UPDATE register_read SET value = ?, kind = ?, original_value = COALESCE(original_value, ?) WHERE meter_id = ? AND channel = ? AND read_at = ?",
            arguments: [value, kind.rawValue, original, meterID, channel.rawValue, instant])
    }
}
