import Foundation
import GRDB
import SettleModuleSDK

/// The SQL of a read import: its `read_import` row, the prepared inserts its rows go through,
/// and the stored values a duplicate is reported or merged against.
enum ReadImportStore {
    /// Whether an import under this method and idempotency key was already committed, so a
    /// retry only needs fingerprinting for the store to answer with the first response.
    static func wasCommitted(method: String, key: String, in db: Database) throws -> Bool {
        try Bool.fetchOneCached(db, sql: #"SELECT 1 FROM settle_idempotency WHERE method = ? AND "key" = ?"#, arguments: [method, key]) ?? false
    }

    /// Starts the import's row with zero counts; returns its id, which its reads carry.
    static func begin(source: String, format: String, actor: String, at: String, in db: Database) throws -> Int64 {
        try db.executeCached(
            sql: "INSERT INTO read_import (source, format, register_reads, interval_values, rejected, actor, at) VALUES (?, ?, 0, 0, 0, ?, ?)",
            arguments: [source, format, actor, at])
        return db.lastInsertedRowID
    }

    /// Writes the counts of a committed import.
    static func finish(importID: Int64, registerReads: Int, intervalValues: Int, rejected: Int, in db: Database) throws {
        try db.executeCached(
            sql: "UPDATE read_import SET register_reads = ?, interval_values = ?, rejected = ? WHERE id = ?",
            arguments: [registerReads, intervalValues, rejected, importID])
    }

    /// The prepared insert of register reads, bound by position: meter id, channel, read_at,
    /// value, kind, import id. A read the store already has changes no row (a duplicate).
    static func registerReadInsert(in db: Database) throws -> BulkStatement {
        try BulkStatement(
            "INSERT INTO register_read (meter_id, channel, read_at, value, kind, import_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            in: db)
    }

    /// The prepared insert of interval days, bound by position in `interval_day`'s column
    /// order (the blob last). A day the store already has changes no row and is merged.
    static func intervalDayInsert(in db: Database) throws -> BulkStatement {
        try BulkStatement(
            """
            INSERT INTO interval_day (meter_id, channel, day, minutes, slots, present, estimated, total, max_value, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """,
            in: db)
    }

    /// The value and kind of the read a duplicate collided with.
    static func storedRead(meterID: Int64, channel: Int64, at instant: Int64, in db: Database) throws -> Row? {
        try Row.fetchOneCached(
            db, sql: "SELECT value, kind FROM register_read WHERE meter_id = ? AND channel = ? AND read_at = ?",
            arguments: [meterID, channel, instant])
    }

    /// The encoded stored day an incoming day is merged into.
    static func storedDay(meterID: Int64, channel: Int64, day: Int64, in db: Database) throws -> Data? {
        let row = try Row.fetchOneCached(
            db, sql: "SELECT data FROM interval_day WHERE meter_id = ? AND channel = ? AND day = ?",
            arguments: [meterID, channel, day])
        return row?["data"] as Data?
    }
}
