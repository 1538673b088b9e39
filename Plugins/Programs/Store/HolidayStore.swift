import GRDB
import SettleContracts
import SettleDomain

/// The SQL behind the holiday calendar: the utility's own days (NERC's are computed).
enum HolidayStore {
    /// The utility's own days of `year`, by date.
    static func utilityDays(year: Int, in db: Database) throws -> [Settle_Programs_V1_Holiday] {
        try Row.fetchAll(db, sql: "SELECT date, name FROM utility_holiday WHERE year = ? ORDER BY date", arguments: [year]).map { row in
            var day = Settle_Programs_V1_Holiday()
            day.date = row[0]
            day.name = row[1]
            day.source = HolidayCalendar.utilitySource
            return day
        }
    }

    /// Replaces the utility's own days of `year`.
    static func replaceUtilityDays(year: Int, with days: [(LocalDate, String)], in db: Database) throws {
        try db.execute(sql: "DELETE FROM utility_holiday WHERE year = ?", arguments: [year])
        for (date, name) in days {
            try db.execute(sql: "INSERT INTO utility_holiday (date, year, name) VALUES (?, ?, ?)", arguments: [date.description, year, name])
        }
    }
}
