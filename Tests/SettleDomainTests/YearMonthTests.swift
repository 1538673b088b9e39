import SettleDomain
import Testing

@Suite("YearMonth")
struct YearMonthTests {
    @Test("parses YYYY-MM exactly and writes it back", arguments: [
        ("2026-01", 2026, 1), ("2024-12", 2024, 12), ("1900-01", 1900, 1), ("9999-12", 9_999, 12), ("2000-02", 2000, 2),
    ])
    func parses(text: String, year: Int, month: Int) {
        let parsed = YearMonth(text)
        #expect(parsed == YearMonth(year: year, month: month))
        #expect(parsed?.description == text)
        #expect(YearMonth(text.dropLast(0)) == parsed)
    }

    @Test("refuses anything else", arguments: [
        "", "2026-1", "2026-13", "2026-00", "26-01", "2026-01-01", " 2026-01", "2026-01 ", "2026--01", "-2026-01",
        "2026-+1", "+026-01", "2026/01", "202601", "2026-1x", "1899-12", "0000-01", "20260-01",
    ])
    func refuses(text: String) {
        #expect(YearMonth(text) == nil)
    }

    @Test("a year and month 1–12, nothing else")
    func fields() {
        let month = YearMonth(year: 2026, month: 3)
        #expect(month?.year == 2026)
        #expect(month?.month == 3)
        #expect(YearMonth(year: 2026, month: 0) == nil)
        #expect(YearMonth(year: 2026, month: 13) == nil)
    }

    @Test("months step across year ends, forward and back")
    func adding() {
        let november = YearMonth("2025-11")!
        #expect(november.adding(months: 0) == november)
        #expect(november.adding(months: 2).description == "2026-01")
        #expect(november.adding(months: 14).description == "2027-01")
        #expect(november.adding(months: -11).description == "2024-12")
        #expect(november.adding(months: -13).description == "2024-10")
        #expect(november.adding(months: -24).description == "2023-11")
        #expect(YearMonth("2026-01")!.adding(months: -1).description == "2025-12")
        #expect(YearMonth(year: 0, month: 1)!.adding(months: -1) == YearMonth(year: -1, month: 12))
    }

    @Test("the index counts months since January of year 0")
    func index() {
        #expect(YearMonth(year: 0, month: 1)!.index == 0)
        #expect(YearMonth("2024-05")!.index == 2024 * 12 + 4)
        #expect(YearMonth("2025-03")!.index - YearMonth("2024-05")!.index == 10)
        #expect(YearMonth(index: YearMonth("2024-05")!.index) == YearMonth("2024-05"))
        #expect(YearMonth(index: -1) == YearMonth(year: -1, month: 12))
    }

    @Test("days in a month, February by the Gregorian leap rule")
    func days() {
        #expect(YearMonth("2025-01")!.days == 31)
        #expect(YearMonth("2025-04")!.days == 30)
        #expect(YearMonth("2025-02")!.days == 28)
        #expect(YearMonth("2024-02")!.days == 29)
        #expect(YearMonth("1900-02")!.days == 28)
        #expect(YearMonth("2000-02")!.days == 29)
        #expect(YearMonth("2100-02")!.days == 28)
    }

    @Test("first and last days are the month's own")
    func firstAndLastDays() {
        #expect(YearMonth("2024-02")!.firstDay.description == "2024-02-01")
        #expect(YearMonth("2024-02")!.lastDay.description == "2024-02-29")
        #expect(YearMonth("1900-02")!.lastDay.description == "1900-02-28")
        #expect(YearMonth("2025-12")!.lastDay.description == "2025-12-31")
        #expect(YearMonth("2025-12")!.lastDay.adding(days: 1) == YearMonth("2026-01")!.firstDay)
        #expect(YearMonth("2025-06")!.firstDay.days(until: YearMonth("2025-06")!.lastDay) == 29)
    }

    @Test("orders by calendar, earliest first")
    func ordering() {
        let months = ["2026-01", "2025-12", "2025-02", "2024-12"].compactMap { YearMonth($0) }
        #expect(months.sorted().map(\.description) == ["2024-12", "2025-02", "2025-12", "2026-01"])
        #expect(YearMonth("2025-12")! < YearMonth("2026-01")!)
        #expect(!(YearMonth("2026-01")! < YearMonth("2026-01")!))
        #expect(Set(["2026-01", "2026-01", "2026-02"].compactMap { YearMonth($0) }).count == 2)
    }

    @Test("the month a date falls in")
    func ofDate() {
        #expect(YearMonth(LocalDate("2024-02-29")!) == YearMonth("2024-02"))
        #expect(YearMonth(LocalDate("2025-12-31")!).description == "2025-12")
        #expect(YearMonth(LocalDate("2026-01-01")!).description == "2026-01")
        #expect(YearMonth(LocalDate(dayNumber: 0)) == YearMonth("1970-01"))
        #expect(YearMonth(LocalDate(dayNumber: -1)) == YearMonth("1969-12"))
    }

    @Test("a year before 1000, which only arithmetic reaches, is still padded")
    func paddedDescription() {
        #expect(YearMonth(year: 999, month: 7)!.description == "0999-07")
    }
}
