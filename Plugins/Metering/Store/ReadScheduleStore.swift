import GRDB
import SettleDomain
import SettleModuleSDK

/// The read dates set per bill cycle and period (table `read_schedule`).
enum ReadScheduleStore {
    /// A cycle's schedule: the dates set for it, over the cycle's default dates.
    static func load(cycle: Int, in db: Database) throws -> ReadSchedule {
        var overrides: [YearMonth: LocalDate] = [:]
        for row in try Row.fetchAllCached(db, sql: "SELECT period, read_day FROM read_schedule WHERE cycle = ?", arguments: [cycle]) {
            if let period = YearMonth(row["period"] as String) { overrides[period] = LocalDate(dayNumber: row["read_day"]) }
        }
        return ReadSchedule(cycle: cycle, overrides: overrides)
    }

    static func save(cycle: Int, period: YearMonth, date: LocalDate, in db: Database) throws {
        try db.executeCached(
            sql: "INSERT OR REPLACE INTO read_schedule (cycle, period, read_day) VALUES (?, ?, ?)",
            arguments: [cycle, period.description, date.dayNumber])
    }
}
