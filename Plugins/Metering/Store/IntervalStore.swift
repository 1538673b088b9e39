import Foundation
import GRDB
import SettleDomain
import SettleModuleSDK

/// Reads and writes stored interval days (table `interval_day`).
enum IntervalStore {
    /// Inserts or replaces a day with its summary columns.
    static func write(_ day: IntervalDay, meterID: Int64, channel: Int, day dayNumber: Int, in db: Database) throws {
        try db.executeCached(
            sql: """
                INSERT OR REPLACE INTO interval_day (meter_id, channel, day, minutes, slots, present, estimated, total, max_value, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                meterID, channel, dayNumber, day.minutes, day.slots, day.presentCount, day.estimatedCount, day.total, day.maxValue,
                Data(IntervalCodec.encode(day)),
            ])
    }

    /// A meter channel's stored days in `[from, to]`, by day number.
    static func days(meterID: Int64, channel: MeterChannel, from: LocalDate, to: LocalDate, in db: Database) throws -> [Int: IntervalDay] {
        var result: [Int: IntervalDay] = [:]
        // Cached: billing a cycle of interval meters runs this thousands of times.
        let statement = try db.cachedStatement(sql: "SELECT day, data FROM interval_day WHERE meter_id = ? AND channel = ? AND day BETWEEN ? AND ?")
        let rows = try Row.fetchCursor(statement, arguments: [meterID, channel.rawValue, from.dayNumber, to.dayNumber])
        while let row = try rows.next() {
            let blob: Data = row[1]
            result[row[0]] = try IntervalCodec.decode(Array(blob))
        }
        return result
    }

    /// Per-day summaries without decoding: (day, slots, present, estimated, total, max).
    struct Summary: Sendable {
        var day: Int
        var slots: Int
        var present: Int
        var estimated: Int
        var total: Int64
        var maxValue: Int64
    }

    static func summaries(meterID: Int64, channel: MeterChannel, from: LocalDate, to: LocalDate, in db: Database) throws -> [Summary] {
        try Row.fetchAllCached(
            db,
            sql: "SELECT day, slots, present, estimated, total, max_value FROM interval_day WHERE meter_id = ? AND channel = ? AND day BETWEEN ? AND ? ORDER BY day",
            arguments: [meterID, channel.rawValue, from.dayNumber, to.dayNumber]
        ).map { Summary(day: $0[0], slots: $0[1], present: $0[2], estimated: $0[3], total: $0[4], maxValue: $0[5]) }
    }
}
