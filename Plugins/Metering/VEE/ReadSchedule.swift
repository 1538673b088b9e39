import GRDB
import SettleDomain
import SettleModuleSDK

/// When each bill cycle is read in each period: set explicitly per (cycle, period), else
/// the cycle's n-th weekday of the month (``BillingMonth/defaultReadDate(cycle:)``).
struct ReadSchedule: Sendable {
    let cycle: Int
    private let overrides: [BillingMonth: LocalDate]

    init(cycle: Int, overrides: [BillingMonth: LocalDate] = [:]) {
        self.cycle = cycle
        self.overrides = overrides
    }

    func readDate(_ period: BillingMonth) -> LocalDate {
        overrides[period] ?? period.defaultReadDate(cycle: cycle)
    }

    /// Whether the period's date was set (`SetReadSchedule`) rather than the default.
    func isSet(_ period: BillingMonth) -> Bool { overrides[period] != nil }

    static func load(cycle: Int, in db: Database) throws -> ReadSchedule {
        var overrides: [BillingMonth: LocalDate] = [:]
        for row in try Row.fetchAllCached(db, sql: "SELECT period, read_day FROM read_schedule WHERE cycle = ?", arguments: [cycle]) {
            if let period = BillingMonth(row["period"] as String) { overrides[period] = LocalDate(dayNumber: row["read_day"]) }
        }
        return ReadSchedule(cycle: cycle, overrides: overrides)
    }

    static func save(cycle: Int, period: BillingMonth, date: LocalDate, in db: Database) throws {
        try db.executeCached(
            sql: "INSERT OR REPLACE INTO read_schedule (cycle, period, read_day) VALUES (?, ?, ?)",
            arguments: [cycle, period.description, date.dayNumber])
    }
}
