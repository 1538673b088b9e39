import Foundation
import SettleDomain
import Testing

@Suite("The instant a LocalDate begins")
struct LocalDateMidnightTests {
    @Test("local midnight, on 23- and 25-hour days too")
    func chicago() throws {
        let chicago = try #require(TimeZone(identifier: "America/Chicago"))
        // 2024-03-10 (clocks forward at 02:00) begins 06:00Z, lasts 23 hours; 2024-11-03 25.
        let spring = try #require(LocalDate("2024-03-10"))
        #expect(spring.startOfDay(in: chicago).timeIntervalSince1970 == 1_710_050_400)
        #expect(spring.adding(days: 1).startOfDay(in: chicago).timeIntervalSince(spring.startOfDay(in: chicago)) == 82_800)
        let fall = try #require(LocalDate("2024-11-03"))
        #expect(fall.startOfDay(in: chicago).timeIntervalSince1970 == 1_730_610_000)
        #expect(fall.adding(days: 1).startOfDay(in: chicago).timeIntervalSince(fall.startOfDay(in: chicago)) == 90_000)
        #expect(LocalDate(fall.startOfDay(in: chicago), in: chicago) == fall)
    }

    @Test("agrees with Foundation's Calendar.startOfDay, where midnight is skipped or repeated too")
    func agreesWithCalendar() throws {
        // Havana and Santiago move their clocks at midnight; Tokyo is east of UTC.
        for name in ["America/Chicago", "America/Havana", "America/Santiago", "Asia/Tokyo", "UTC"] {
            let zone = try #require(TimeZone(identifier: name))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let first = try #require(LocalDate("2015-01-01"))
            for offset in 0..<(366 * 11) {
                let date = first.adding(days: offset)
                let (year, month, day) = date.components
                let noon = try #require(calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12)))
                #expect(date.startOfDay(in: zone) == calendar.startOfDay(for: noon), "\(name) \(date)")
            }
        }
    }
}
