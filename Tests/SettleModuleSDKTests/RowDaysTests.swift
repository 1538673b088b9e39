import GRDB
import SettleDomain
import SettleModuleSDK
import Testing

@Suite("Day-number columns read as contract dates")
struct RowDaysTests {
    private static func row(_ sql: String) throws -> Row {
        try DatabaseQueue().read { db in try #require(try Row.fetchOne(db, sql: sql)) }
    }

    @Test("a day number reads as its YYYY-MM-DD, across a leap day and before 1970")
    func dayText() throws {
        for date in ["2024-02-29", "2026-12-07", "1969-12-31", "1900-01-01"] {
            let day = try #require(LocalDate(date)).dayNumber
            #expect(try Self.row("SELECT \(day) AS opened_day").dayText("opened_day") == date)
        }
    }

    @Test("NULL reads as the contract's empty text, a day as its date")
    func dayTextOrEmpty() throws {
        #expect(try Self.row("SELECT NULL AS closed_day").dayTextOrEmpty("closed_day") == "")
        let day = try #require(LocalDate("2025-03-09")).dayNumber
        #expect(try Self.row("SELECT \(day) AS closed_day").dayTextOrEmpty("closed_day") == "2025-03-09")
    }
}
