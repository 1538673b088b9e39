import SettleDomain
import Testing

@Suite("LocalDate text")
struct LocalDateTextTests {
    @Test("parses YYYY-MM-DD exactly", arguments: ["2024-02-29", "2000-02-29", "1970-01-01", "0001-01-01", "9999-12-31"])
    func roundTrips(text: String) {
        #expect(LocalDate(text)?.description == text)
        #expect(LocalDate(Substring(text))?.description == text)
    }

    @Test("refuses anything else", arguments: [
        "2023-02-29", "1900-02-29", "2025-04-31", "2025-4-01", "2025-04-01 ", "+025-04-01", "2025/04/01",
        "", "2025-13-01", "2025-00-10", "2025-01-00", "20250101", "2025-01-1x",
    ])
    func refuses(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test("plausible dates lie in 1900–2199")
    func plausible() {
        #expect(LocalDate(plausible: "1899-12-31") == nil)
        #expect(LocalDate(plausible: "2200-01-01") == nil)
        #expect(LocalDate(plausible: "1900-01-01")?.description == "1900-01-01")
        #expect(LocalDate(plausible: "2199-12-31")?.description == "2199-12-31")
        #expect(LocalDate(plausible: "2025-02-30") == nil)
        #expect(LocalDate("1899-12-31") != nil)
    }

    @Test("ISO text pads to four-two-two digits")
    func isoDateText() {
        #expect(ISODateText.format(year: 2024, month: 5, day: 9) == "2024-05-09")
        #expect(ISODateText.format(year: 987, month: 12, day: 31) == "0987-12-31")
        #expect(ISODateText.format(year: 12_345, month: 1, day: 1) == "12345-01-01")
    }
}
