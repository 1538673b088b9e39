import Foundation
import SettleDomain
import Testing

@Suite("The zone calendar bulk work converts with")
struct ZoneCalendarTests {
    /// Havana and Santiago move their clocks at midnight (the day begins at the jump, or at the
    /// first of two midnights); Chicago at 02:00; Tokyo is east of UTC and keeps no DST.
    static let zones = ["America/Chicago", "America/Havana", "America/Santiago", "Asia/Tokyo", "UTC"]

    @Test("each day begins where LocalDate.startOfDay(in:) says, and lasts to the next", arguments: zones)
    func startOfDay(name: String) throws {
        let zone = try #require(TimeZone(identifier: name))
        let table = ZoneCalendar(timeZone: zone)
        let first = try #require(LocalDate("2015-01-01"))
        for offset in 0..<(366 * 11) {
            let date = first.adding(days: offset)
            let start = table.startOfDay(date)
            #expect(start == Int64(date.startOfDay(in: zone).timeIntervalSince1970), "\(name) \(date)")
            #expect(table.localDate(of: start) == date, "\(name) \(date)")
            #expect(table.localDate(of: start - 1) == date.adding(days: -1), "\(name) \(date)")
            #expect(table.secondsIn(date) == table.startOfDay(date.adding(days: 1)) - start)
        }
    }

    @Test("an instant's local date and offset are Foundation's, every six hours for eleven years", arguments: zones)
    func localDates(name: String) throws {
        let zone = try #require(TimeZone(identifier: name))
        let table = ZoneCalendar(timeZone: zone)
        let start: Int64 = 1_420_070_400  // 2015-01-01T00:00:00Z
        for step in stride(from: Int64(0), to: 11 * 366 * 86_400, by: 21_600 + 7) {
            let instant = Date(timeIntervalSince1970: TimeInterval(start + step))
            #expect(table.localDate(of: start + step) == LocalDate(instant, in: zone), "\(name) \(instant)")
            #expect(table.offset(at: start + step) == Int64(zone.secondsFromGMT(for: instant)), "\(name) \(instant)")
        }
    }

    @Test("Chicago's DST days hold 92 and 100 quarter hours")
    func slots() throws {
        let table = ZoneCalendar(timeZone: try #require(TimeZone(identifier: "America/Chicago")))
        #expect(table.slots(in: try #require(LocalDate("2024-03-10")), minutes: 15) == 92)
        #expect(table.slots(in: try #require(LocalDate("2024-11-03")), minutes: 15) == 100)
        #expect(table.slots(in: try #require(LocalDate("2024-07-04")), minutes: 15) == 96)
        #expect(table.localHour(of: 1_720_112_400) == 12)  // 2024-07-04T17:00Z is noon CDT
    }
}
