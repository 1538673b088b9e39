import SettleDomain
import Testing

@Suite("LocalDate")
struct LocalDateTests {
    @Test("day numbers count from 1970-01-01 both ways")
    func dayNumbers() throws {
        #expect(try #require(LocalDate("1970-01-01")).dayNumber == 0)
        #expect(try #require(LocalDate("1969-12-31")).dayNumber == -1)
        #expect(try #require(LocalDate("2000-03-01")).dayNumber == 11_017)
        #expect(LocalDate(dayNumber: 0).description == "1970-01-01")
        #expect(LocalDate(dayNumber: -1).description == "1969-12-31")
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            let date = LocalDate(dayNumber: day)
            let (y, m, d) = date.components
            #expect(LocalDate(year: y, month: m, day: d) == date)
        }
    }

    @Test("only real days of real months exist")
    func realDays() {
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2023, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 1900, month: 2, day: 29) == nil, "1900 is not a leap year")
        #expect(LocalDate(year: 2000, month: 2, day: 29) != nil, "2000 is")
        #expect(LocalDate(year: 2025, month: 4, day: 31) == nil)
        #expect(LocalDate(year: 2025, month: 13, day: 1) == nil)
        #expect(LocalDate(year: 2025, month: 1, day: 0) == nil)
        #expect(LocalDate.daysIn(year: 2025, month: 2) == 28)
        #expect(LocalDate.daysIn(year: 2024, month: 2) == 29)
        #expect(LocalDate.daysIn(year: 2025, month: 11) == 30)
    }

    @Test("order and spans are day-number order and differences")
    func orderAndSpans() throws {
        let march9 = try #require(LocalDate("2025-03-09"))
        let march10 = try #require(LocalDate("2025-03-10"))
        #expect(march9 < march10)
        #expect(march9.days(until: march10) == 1)
        #expect(march10.days(until: march9) == -1)
        #expect(march10 - march9 == 1)
        #expect(try #require(LocalDate("2024-01-01")).days(until: try #require(LocalDate("2025-01-01"))) == 366)
    }

    @Test("adding months clamps to the month's last day")
    func addingMonths() throws {
        let date = try #require(LocalDate("2025-01-31"))
        #expect(date.adding(days: 30).description == "2025-03-02")
        #expect(date.adding(months: 1).description == "2025-02-28")
        #expect(try #require(LocalDate("2024-01-31")).adding(months: 1).description == "2024-02-29")
        #expect(date.adding(months: 12).description == "2026-01-31")
        #expect(date.adding(months: -2).description == "2024-11-30")
        #expect(try #require(LocalDate("0000-02-15")).adding(months: -3).components == (-1, 11, 15))
    }

    @Test("weekdays count from Sunday = 0 and, in ISO, Monday = 1")
    func weekdays() throws {
        let saturday = try #require(LocalDate("2025-11-29"))
        #expect(saturday.weekday == 6)
        #expect(saturday.isoWeekday == 6)
        #expect(saturday.isWeekend)
        let sunday = saturday.adding(days: 1)
        #expect(sunday.weekday == 0)
        #expect(sunday.isoWeekday == 7)
        #expect(sunday.isWeekend)
        let thursday = LocalDate(dayNumber: 0)
        #expect(thursday.weekday == 4)
        #expect(thursday.isoWeekday == 4)
        #expect(!thursday.isWeekend)
        #expect(LocalDate(dayNumber: -4).weekday == 0)
    }
}
