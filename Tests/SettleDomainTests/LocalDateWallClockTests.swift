import Foundation
import SettleDomain
import Testing

@Suite("An instant on the utility's wall clock")
struct LocalDateWallClockTests {
    let chicago = TimeZone(identifier: "America/Chicago")!

    @Test("the local date and minute, in summer and winter time")
    func chicagoClock() {
        // 2024-05-14T22:15:00Z is 17:15 CDT (UTC−5).
        let summer = LocalDate.wallClock(Date(timeIntervalSince1970: 1_715_724_900), in: chicago)
        #expect(summer.date.description == "2024-05-14")
        #expect(summer.minute == 17 * 60 + 15)
        // 2025-03-01T05:30:59Z is 23:30 CST (UTC−6) the evening before; the seconds are dropped.
        let winter = LocalDate.wallClock(Date(timeIntervalSince1970: 1_740_807_059), in: chicago)
        #expect(winter.date.description == "2025-02-28")
        #expect(winter.minute == 23 * 60 + 30)
    }

    @Test("before 1970 the minute counts from the earlier day's midnight")
    func beforeEpoch() {
        let clock = LocalDate.wallClock(Date(timeIntervalSince1970: -1), in: TimeZone(identifier: "UTC")!)
        #expect(clock.date.description == "1969-12-31")
        #expect(clock.minute == 1_439)
    }
}
